import ArgumentParser
import Foundation
import GridGeo
import GridModel
import GridService
import GridStore

struct PetitionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "petition",
        abstract: "Show a petition, or record a step of its case loop, as the operator at this machine.",
        subcommands: [Show.self, Event.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a petition with its events, supervisions and attachments as JSON.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The petition's id.") var id: String

        func run() throws {
            do {
                let desk = PetitionDesk(store: try store.open(), recheckSeconds: 0)
                guard let record = try desk.record(id: id, for: .local(TokenCommand.actor)) else { throw CLIError("no petition '\(id)'") }
                print(record.json(registry: try desk.registry(), personalData: true).jsonText)
            } catch {
                exitWith(error)
            }
        }
    }

    struct Event: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a step, given as the JSON body POST /petitions/{id}/events takes.",
            discussion: #"e.g. wangge petition event SQ20261102000001 '{"action":"supervise","level":2,"due":"2026-11-20","note":"请三日内答复"}'"#)
        @OptionGroup var store: StoreOptions
        @Argument(help: "The petition's id.") var id: String
        @Argument(help: "The step as JSON: {\"action\": …, …}.") var json: String

        func run() throws {
            let parsed: JSONObject
            do {
                guard let o = try JSONParser.parse(json).objectValue else { throw ValidationError("the step must be a JSON object") }
                parsed = o
            } catch let e as JSONParser.SyntaxError {
                throw ValidationError("invalid JSON at byte \(e.offset): \(e.reason)")
            }
            let (request, problems) = PetitionEventRequest.decode(parsed)
            guard let request else { throw ValidationError(problems.map { "\($0.field): \($0.reason)" }.joined(separator: "; ")) }
            do {
                let desk = PetitionDesk(store: try store.open(), recheckSeconds: 0)
                let caller = Caller.local(TokenCommand.actor)
                guard try desk.post(request, to: id, by: caller) != nil, let record = try desk.record(id: id, for: caller) else {
                    throw CLIError("no petition '\(id)'")
                }
                print(record.json(registry: try desk.registry(), personalData: true).jsonText)
            } catch let DeskError.invalid(problems) {
                throw ValidationError(problems.map { "\($0.field): \($0.reason)" }.joined(separator: "; "))
            } catch {
                exitWith(error)
            }
        }
    }
}
