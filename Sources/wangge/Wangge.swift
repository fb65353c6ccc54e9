import ArgumentParser
import Logging

@main
struct Wangge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wangge",
        abstract: "网格 — grid management for citizen petitions: import the grid, place points, export layers and heat maps, check the data.",
        subcommands: [ServeCommand.self, ImportCommand.self, ExportCommand.self, LocateCommand.self, HeatmapCommand.self, CheckCommand.self])

    static func bootstrapLogging() {
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = .info
            return h
        }
    }
}
