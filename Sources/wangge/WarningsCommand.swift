import ArgumentParser
import Foundation
import GridModel
import GridService
import GridStore

/// `wangge warnings`: the nightly early-warning scan for a range of days, and the warnings as GeoJSON.
struct WarningsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warnings",
        abstract: "Early warning (未诉先办): run the nightly scan for days past, list the warnings as GeoJSON.",
        subcommands: [Scan.self, List.self])

    /// A `YYYY-MM-DD` date as a day number, or a usage error naming the option.
    static func day(_ text: String, _ option: String) throws -> Int {
        guard let d = Timestamp.day(fromDate: text) else { throw ValidationError("\(option) '\(text)' is not a date such as 2026-05-01") }
        return d
    }

    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scan every day from --from to --to as the server would have each night, and store the warnings (running it again adds nothing).")
        @OptionGroup var store: StoreOptions
        @Option(help: "First day, YYYY-MM-DD (default: yesterday, China time).") var from: String?
        @Option(help: "Last day, YYYY-MM-DD (default: yesterday).") var to: String?

        func run() throws {
            let now = PetitionDesk.systemClock()
            let yesterday = now.chinaDay - 1
            let first = try from.map { try WarningsCommand.day($0, "--from") } ?? yesterday
            let last = try to.map { try WarningsCommand.day($0, "--to") } ?? (from == nil ? yesterday : first)
            guard first <= last else { throw ValidationError("--from \(Timestamp.date(ofDay: first)) is after --to \(Timestamp.date(ofDay: last))") }
            guard last - first < 3660 else { throw ValidationError("scan at most ten years at once") }
            do {
                var new = 0, extended = 0
                try EarlyWarnings(store: try store.open()).scan(fromDay: first, toDay: last, at: now) { r in
                    new += r.new
                    extended += r.extended
                }
                print("scanned \(last - first + 1) days (\(Timestamp.date(ofDay: first))…\(Timestamp.date(ofDay: last))): \(new) new warnings, \(extended) findings extending a warning")
            } catch {
                exitWith(error)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The warnings as one GeoJSON FeatureCollection on stdout, newest first.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only warnings still running on or after this day.") var from: String?
        @Option(help: "Only warnings begun on or before this day.") var to: String?
        @Option(help: "cluster, recurring or meter.") var kind: String?
        @Option(help: "A category code.") var category: String?
        @Option(help: "new, acknowledged or closed.") var status: String?

        func validate() throws {
            if let kind, EarlyWarning.Kind(rawValue: kind) == nil { throw ValidationError("--kind '\(kind)' is not one of cluster, recurring, meter") }
            if let status, EarlyWarning.Status(rawValue: status) == nil { throw ValidationError("--status '\(status)' is not one of new, acknowledged, closed") }
        }

        func run() throws {
            let fromDay = try from.map { try WarningsCommand.day($0, "--from") }
            let toDay = try to.map { try WarningsCommand.day($0, "--to") }
            do {
                let gridStore = try store.open()
                let list = try EarlyWarnings(store: gridStore).list(fromDay: fromDay, toDay: toDay, kind: kind.flatMap(EarlyWarning.Kind.init),
                                                                     category: category, status: status.flatMap(EarlyWarning.Status.init),
                                                                     for: .local(TokenCommand.actor))
                FileHandle.standardOutput.write(Data(EarlyWarning.featureCollection(list, registry: try DeskRegistry(store: gridStore))))
                print()
            } catch {
                exitWith(error)
            }
        }
    }
}
