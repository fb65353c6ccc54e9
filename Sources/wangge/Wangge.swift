import ArgumentParser
import Foundation
import Logging

@main
struct Wangge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wangge",
        abstract: "网格 — grid management for citizen petitions: import the grid, place points, export layers and heat maps, check the data.",
        subcommands: [ServeCommand.self, ImportCommand.self, ExportCommand.self, LocateCommand.self, ResolveCommand.self, HeatmapCommand.self, CheckCommand.self, TokenCommand.self, UserCommand.self, HookCommand.self, WarningsCommand.self, ReportCommand.self, PetitionCommand.self, AuditCommand.self, CopyCommand.self])

    /// As ArgumentParser's own `main`, except that an error raised while a subcommand runs (a bad
    /// layer name, a missing database) is reported with that subcommand's usage, not the root's.
    static func main() async {
        let command: any ParsableCommand
        do { command = try parseAsRoot() } catch { exit(withError: error) }
        do {
            var command = command
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let error as ValidationError {
            // As ArgumentParser words a validation error, with the full usage of the subcommand.
            let sub = type(of: command)
            var text = "Error: \(error.message)\nUsage: \(usageString(for: sub))\n"
            text += "  See 'wangge \(sub.configuration.commandName ?? "") --help' for more information.\n"
            FileHandle.standardError.write(Data(text.utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        } catch {
            type(of: command).exit(withError: error)
        }
    }

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
