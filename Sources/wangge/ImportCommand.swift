import Foundation
import Synchronization
import ArgumentParser
import GridService
import Logging

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load a layer from a file, all or nothing; re-importing a layer replaces it whole.",
        discussion: """
            LAYER is one of: \(ImportLayer.supported.map(\.rawValue).joined(separator: ", ")), or `all` with FILE a \
            folder holding areas.geojson, categories.json, units.json, buildings.geojsonl, households.csv and \
            persons.csv (imported in that order). Formats: geodata/README.md. A file with problems is refused \
            whole, every problem listed, and the database is left as it was (exit code 1).
            """)

    @OptionGroup var store: StoreOptions

    @Argument(help: "The layer to import, or `all`.")
    var layer: String

    @Argument(help: "The file (or, for `all`, the folder); - reads standard input.")
    var file: String

    func validate() throws {
        if layer != "all" && ImportLayer(rawValue: layer) == nil {
            throw ValidationError("unknown layer '\(layer)': use one of \((ImportLayer.allCases.map(\.rawValue) + ["all"]).joined(separator: ", "))")
        }
    }

    func run() throws {
        Wangge.bootstrapLogging()
        let logger = Logger(label: "wangge.import")
        let gridStore = try store.open(create: true)
        // A progress line on a terminal (rows, rate, share read, time left); nothing in a log or a pipe.
        let line: ProgressLine? = isatty(2) == 1 ? ProgressLine() : nil
        var progress: (@Sendable (ImportProgress) -> Void)?
        if let line { progress = { line.show($0) } }
        let importer = Importer(store: gridStore, progress: progress)
        let report = { (s: ImportSummary) in
            line?.clear()
            for w in s.warnings.prefix(20) { logger.warning("\(w)") }
            if s.warnings.count > 20 { logger.warning("… and \(s.warnings.count - 20) more warnings") }
            print(s.description)
        }
        do {
            if layer == "all" {
                try importer.importFolder(file, report: report)
            } else {
                report(try importer.import(ImportLayer(rawValue: layer)!, file: file))
            }
        } catch {
            exitWith(error)
        }
    }
}

/// One line on standard error, rewritten in place at most five times a second.
final class ProgressLine: Sendable {
    private let started = Date()
    private let last = Mutex<Double>(-1)

    func show(_ p: ImportProgress) {
        let t = Date().timeIntervalSince(started)
        guard last.withLock({ previous in
            guard t - previous >= 0.2 else { return false }
            previous = t
            return true
        }) else { return }
        let bytes = Array(("\r\u{1B}[K" + p.line(elapsedSeconds: t)).utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    func clear() {
        let bytes = Array("\r\u{1B}[K".utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
