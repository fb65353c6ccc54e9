import ArgumentParser
import Logging

@main
struct Wangge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wangge",
        abstract: "网格 — grid management for citizen petitions: import the grid, place points, export layers and heat maps, check the data.",
        subcommands: [ServeCommand.self, ImportCommand.self, ExportCommand.self, LocateCommand.self, HeatmapCommand.self, CheckCommand.self])

    /// Logs go to standard error through the buffered sink (see `LogSink`).
    static func bootstrapLogging() {
        LoggingSystem.bootstrap { label in BufferedLogHandler(label: label, sink: .standardError) }
    }
}
