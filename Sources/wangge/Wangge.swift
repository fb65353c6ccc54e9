import ArgumentParser
import Logging

@main
struct Wangge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wangge",
        abstract: "网格 — grid management for citizen petitions: import the grid, place points, check the data.",
        subcommands: [ImportCommand.self, LocateCommand.self, CheckCommand.self])

    static func bootstrapLogging() {
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = .info
            return h
        }
    }
}
