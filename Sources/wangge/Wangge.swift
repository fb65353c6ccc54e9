import ArgumentParser
import Logging

@main
struct Wangge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wangge",
        abstract: "网格 — grid management for citizen petitions: import the grid, place points, export layers and heat maps, check the data.",
        subcommands: [ServeCommand.self, ImportCommand.self, ExportCommand.self, LocateCommand.self, ResolveCommand.self, HeatmapCommand.self, CheckCommand.self, TokenCommand.self, AuditCommand.self])

    /// Logs go to standard error: for the server through the buffered sink (see `LogSink`),
    /// for one-shot commands line by line, so nothing waits in a buffer when they exit.
    static func bootstrapLogging(buffered: Bool = false) {
        LoggingSystem.bootstrap { label in
            if buffered { return BufferedLogHandler(label: label, sink: .standardError) }
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = .info
            return h
        }
    }
}
