import ArgumentParser
import Foundation
import GridGeo
import GridModel
import GridService
import GridStore

/// `wangge report`: the monthly report (月报) as HTML, PDF (through headless Chromium) or JSON.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The monthly report (月报) of a district or street: HTML (one self-contained file), PDF or JSON.",
        discussion: "Every figure is what GET /stats answers for the same month and area. PDF is printed by headless Chromium (Debian's chromium).")

    @OptionGroup var store: StoreOptions
    @Option(help: "The month, YYYY-MM (China time).") var month: String
    @Option(help: "A district or street id (default: everything the database holds).") var area: String?
    @Option(help: "html, pdf or json.") var format = "html"
    @Option(help: "The file to write.") var out: String

    func validate() throws {
        guard ["html", "pdf", "json"].contains(format) else { throw ValidationError("--format '\(format)' is not one of html, pdf, json") }
    }

    func run() throws {
        do {
            let gridStore = try store.open()
            let desk = PetitionDesk(store: gridStore)
            let report = try MonthlyReport.build(month: month, area: area, desk: desk, warnings: EarlyWarnings(store: gridStore))
            let registry = try desk.registry()
            switch format {
            case "json":
                try Data(report.json(registry: registry).jsonText.utf8).write(to: URL(fileURLWithPath: out))
            case "html":
                try Data(report.html(registry: registry).utf8).write(to: URL(fileURLWithPath: out))
            default:
                let html = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-report-\(getpid()).html")
                try Data(report.html(registry: registry).utf8).write(to: html)
                defer { try? FileManager.default.removeItem(at: html) }
                let target = URL(fileURLWithPath: out).standardizedFileURL.path
                let chromium = Process()
                chromium.executableURL = URL(fileURLWithPath: "/usr/bin/chromium")
                chromium.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf=" + target, html.absoluteString]
                chromium.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
                chromium.standardError = FileHandle(forWritingAtPath: "/dev/null")
                guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") else {
                    throw CLIError("PDF needs Debian's chromium (apt-get install chromium); --format html writes the same report")
                }
                try chromium.run()
                chromium.waitUntilExit()
                guard chromium.terminationStatus == 0, FileManager.default.fileExists(atPath: target) else {
                    throw CLIError("chromium could not print \(target) (exit \(chromium.terminationStatus))")
                }
            }
            printError("wrote the \(month) report\(area.map { " of \($0)" } ?? "") to \(out)")
        } catch let e as DeskError {
            throw ValidationError("\(e)")
        } catch {
            exitWith(error)
        }
    }
}
