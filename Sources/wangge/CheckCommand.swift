import ArgumentParser
import GridGeo
import GridModel
import GridService

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report data problems: overlapping grid cells, holes in coverage, misplaced buildings, empty households and units.",
        discussion: "Exit code 0 when clean, 1 when problems are found.")

    @OptionGroup var store: StoreOptions

    @Option(help: "Ignore overlaps, holes and straddles smaller than this many square metres (digitising slivers).")
    var toleranceM2: Double = 1.0

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() throws {
        let problems: [QualityProblem]
        do {
            problems = try QualityCheck(store: try store.open()).run(toleranceM2: toleranceM2)
        } catch {
            exitWith(error)
        }
        if json {
            print(QualityCheck.json(problems).jsonText)
        } else {
            for p in problems { print("\(p.kind.rawValue)\t\(p.message)") }
            print(QualityCheck.summary(problems))
        }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}
