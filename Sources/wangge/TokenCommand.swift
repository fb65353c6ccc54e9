import ArgumentParser
import Foundation
import GridModel
import GridService
import GridStore

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke API tokens (stored hashed; a secret is shown once).",
        subcommands: [Create.self, List.self, Revoke.self, Demo.self])

    static func now() -> Timestamp { PetitionDesk.systemClock() }
    static let actor = "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown")

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print its secret once.")
        @OptionGroup var store: StoreOptions
        @Option(help: "One of: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @Option(help: "grid_worker: the area (grid cell or larger) it covers.") var area: String?
        @Option(help: "unit: the responsible unit whose petitions it handles.") var unit: String?
        @Option(help: "A note on who or what it is for.") var label: String?

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("unknown --role '\(role)': use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            do {
                let (token, secret) = try AccessTokens(store: try store.open())
                    .create(role: Role(rawValue: role)!, area: area, unit: unit, label: label, by: TokenCommand.actor, at: TokenCommand.now())
                print(secret)
                printError("token \(token.id) (\(token.role.rawValue)) created; the secret above is shown only now — keep it")
            } catch let e as AccessTokens.Refusal {
                throw ValidationError(e.description)
            } catch {
                exitWith(error)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (ids, roles, scopes; never secrets).")
        @OptionGroup var store: StoreOptions

        func run() throws {
            do {
                for t in try store.open().tokens() {
                    print([t.id, t.role.rawValue, t.scope ?? "-", t.label ?? "-", t.createdAt.description,
                           t.revokedAt.map { "revoked \($0)" } ?? "active"].joined(separator: "\t"))
                }
            } catch {
                exitWith(error)
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id (the first 12 characters of its secret).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The token id, e.g. wg_3f9a2c41b.") var id: String

        func run() throws {
            do {
                guard try AccessTokens(store: try store.open()).revoke(id: ApiToken.id(of: id), by: TokenCommand.actor, at: TokenCommand.now()) else {
                    throw CLIError("no active token '\(id)'")
                }
                print("revoked \(ApiToken.id(of: id))")
            } catch {
                exitWith(error)
            }
        }
    }

    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a fresh token for every role to try the API with (revoking the previous demo set) and print them.",
            discussion: "One line per role: role, secret, scope (tab-separated). The unit token is for the unit leading the most open petitions, the grid worker's for the grid cell holding the most.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            do {
                try Self.createAndPrint(try store.open())
            } catch {
                exitWith(error)
            }
        }

        static func createAndPrint(_ store: any WanggeStore) throws {
            let tokens = try AccessTokens(store: store).createDemoSet(by: TokenCommand.actor, at: TokenCommand.now())
            let lines = tokens.map { token, secret in
                [token.role.rawValue, secret, token.scope ?? "-"].joined(separator: "\t") + "\n"
            }
            // Unbuffered: the server prints these and then runs for hours.
            FileHandle.standardOutput.write(Data(lines.joined().utf8))
            printError("demo tokens, one per role (shown once): send one as 'Authorization: Bearer <secret>'; `wangge token list` and `wangge token revoke` manage them")
        }
    }
}
