import ArgumentParser
import GridGeo
import GridModel
import GridService
import GridStore

struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Resolve a Chinese address to its building, household, grid cell and units.",
        discussion: """
            With ADDRESS prints the resolve result as JSON: match (exact, probable, ambiguous or none) and the \
            candidates, best first. With --batch reads one address a line on standard input and writes one JSON \
            object a line, in input order (an empty line gives match "none").
            """)

    @OptionGroup var store: StoreOptions

    @Flag(help: "Read addresses from standard input, one a line; write one JSON line each.")
    var batch = false

    @Option(help: "Candidates to list at most.")
    var limit: Int = 5

    @Argument(help: "The address, as typed.")
    var address: [String] = []

    func validate() throws {
        guard (1...50).contains(limit) else { throw ValidationError("--limit must be 1…50") }
        if batch, !address.isEmpty { throw ValidationError("--batch reads addresses from standard input; give no ADDRESS") }
        if !batch, address.isEmpty { throw ValidationError("give an ADDRESS, or --batch") }
        if !batch, address.allSatisfy({ $0.trimmingWhitespace.isEmpty }) { throw ValidationError("the ADDRESS is empty: give the address as typed") }
    }

    func run() throws {
        do {
            let store = try store.open()
            let resolver = try AddressResolver(store: store)
            let areas = try store.areaDirectory()
            if batch {
                var out = ""
                while let line = readLine(strippingNewline: true) {
                    out += resolver.resolve(line, limit: limit).json(areas: areas).jsonText
                    out += "\n"
                    if out.utf8.count > 1 << 16 { print(out, terminator: ""); out = "" }
                }
                print(out, terminator: "")
            } else {
                print(resolver.resolve(address.joined(separator: " "), limit: limit).json(areas: areas).jsonText)
            }
        } catch {
            exitWith(error)
        }
    }
}
