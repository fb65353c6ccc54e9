import ArgumentParser
import Foundation
import GridModel
import GridService
import GridStore

struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Webhooks for SMS gateways and office systems: add, list, remove, and the delivery log.",
        discussion: """
            Each notice a hook wants is POSTed to its URL as JSON with X-Wangge-Event, X-Wangge-Delivery and \
            X-Wangge-Signature: sha256=<HMAC-SHA256 of the body under the hook's secret>; a failed delivery is tried \
            again after 30 s, 2, 10, 30 and 60 minutes. `wangge serve` delivers them.
            """,
        subcommands: [Add.self, List.self, Remove.self, Log.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a hook and print its signing secret once.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The http(s) URL to POST to.") var url: String
        @Option(help: "Notice kinds, comma-separated: \(DeskNotice.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
        var events: String
        @Option(help: "Only notices on cases of this unit (lead or assisting).") var unit: String?

        func validate() throws {
            for name in events.split(separator: ",") where DeskNotice.Kind(rawValue: name.trimmingCharacters(in: .whitespaces)) == nil {
                throw ValidationError("unknown event '\(name)': use \(DeskNotice.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            let kinds = Set(events.split(separator: ",").compactMap { DeskNotice.Kind(rawValue: $0.trimmingCharacters(in: .whitespaces)) })
            do {
                let (hook, secret) = try HookSender(store: try store.open()).add(url: url, events: kinds, unit: unit, by: TokenCommand.actor)
                print(secret)
                printError("hook \(hook.id) added; the signing secret above is shown only now — give it to the receiver")
            } catch let DeskError.invalid(problems) {
                throw ValidationError(problems.map { "\($0.field): \($0.reason)" }.joined(separator: "; "))
            } catch {
                exitWith(error)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List hooks (never their secrets).")
        @OptionGroup var store: StoreOptions

        func run() throws {
            do {
                for (h, _) in try store.open().hooks() {
                    print([h.id, h.url, h.events.map(\.rawValue).sorted().joined(separator: ","), h.unit ?? "-", h.createdAt.description,
                           h.removedAt.map { "removed \($0)" } ?? "active"].joined(separator: "\t"))
                }
            } catch {
                exitWith(error)
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a hook: nothing more is delivered to it.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The hook id.") var id: String

        func run() throws {
            do {
                guard try store.open().removeHook(id: id, at: TokenCommand.now(), by: TokenCommand.actor) else { throw CLIError("no active hook '\(id)'") }
                print("removed \(id)")
            } catch {
                exitWith(error)
            }
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The delivery log, newest first: delivery, hook, notice, state, attempts, last status or error.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only this hook's deliveries.") var hook: String?
        @Option(help: "Lines at most.") var limit = 100

        func run() throws {
            do {
                for d in try store.open().deliveries(hook: hook, limit: limit) {
                    print([String(d.id), d.hook, String(d.notice), d.state.rawValue, String(d.attempts),
                           d.lastStatus.map(String.init) ?? d.lastError ?? "-", d.deliveredAt?.description ?? "-"].joined(separator: "\t"))
                }
            } catch {
                exitWith(error)
            }
        }
    }
}
