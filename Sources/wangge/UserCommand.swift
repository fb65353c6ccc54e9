import ArgumentParser
import Foundation
import GridHTTP
import GridModel
import GridService
import GridStore

/// `wangge user`: the people who sign in to the desk (API tokens stay for machines).
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add, list, disable and change the people who sign in to the desk (bcrypt-hashed passwords, optional TOTP).",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, Password.self, Unlock.self, TOTPCommand.self, Demo.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a person; asks for the password twice (or reads one line with --password-stdin).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The user name (2–32 letters, Chinese characters, digits, . _ -).") var name: String
        @Option(help: "One of: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @Option(help: "grid_worker: the area (grid cell or larger) the person covers.") var area: String?
        @Option(help: "unit: the responsible unit the person works for.") var unit: String?
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("unknown --role '\(role)': use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            try change(store) { accounts in
                // Checked before asking for the password, so that a typo in the name costs no typing.
                if let problem = UserAccount.problem(withName: name) { throw ValidationError(problem) }
                let password = try readPassword(stdin: passwordStdin)
                let a = try accounts.add(name: name, role: Role(rawValue: role)!, area: area, unit: unit, password: password,
                                         by: TokenCommand.actor, at: TokenCommand.now())
                print("added \(a.name) (\(a.role.rawValue)\(a.scope.map { ", " + $0 } ?? ""))")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List people: name, role, scope, second factor, state (never a password).")
        @OptionGroup var store: StoreOptions

        func run() throws {
            do {
                let now = TokenCommand.now()
                for u in try UserAccounts(store: try store.open()).list() {
                    let state = u.disabledAt.map { "disabled \($0)" } ?? (u.isLocked(at: now) ? "locked until \(u.lockedUntil!)" : "active")
                    print([u.name, u.role.rawValue, u.scope ?? "-", u.hasSecondFactor ? "totp" : "-", u.createdAt.description, state]
                        .joined(separator: "\t"))
                }
            } catch {
                exitWith(error)
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a person: no sign-in, and their open sessions end.")
        @OptionGroup var store: StoreOptions
        @Argument var name: String
        func run() throws {
            try change(store) { try $0.setDisabled(name: name, true, by: TokenCommand.actor, at: TokenCommand.now()) }
            print("disabled \(name)")
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled person again.")
        @OptionGroup var store: StoreOptions
        @Argument var name: String
        func run() throws {
            try change(store) { try $0.setDisabled(name: name, false, by: TokenCommand.actor, at: TokenCommand.now()) }
            print("enabled \(name)")
        }
    }

    struct Password: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a new password (their open sessions end; a lock is lifted).")
        @OptionGroup var store: StoreOptions
        @Argument var name: String
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false
        func run() throws {
            try change(store) { try $0.setPassword(name: name, password: try readPassword(stdin: passwordStdin), by: TokenCommand.actor, at: TokenCommand.now()) }
            print("password of \(name) changed")
        }
    }

    struct Unlock: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift the lock after too many wrong passwords before its time.")
        @OptionGroup var store: StoreOptions
        @Argument var name: String
        func run() throws {
            try change(store) { try $0.unlock(name: name, by: TokenCommand.actor, at: TokenCommand.now()) }
            print("unlocked \(name)")
        }
    }

    struct TOTPCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "totp",
            abstract: "Enrol a TOTP second factor and print its otpauth:// URL (for an authenticator app), or remove it.",
            discussion: "Once enrolled, signing in asks for the 6-digit code. `wangge serve --require-totp` makes admins and dispatchers need one.")
        @OptionGroup var store: StoreOptions
        @Argument var name: String
        @Flag(help: "Remove the second factor instead.") var remove = false
        func run() throws {
            if remove {
                try change(store) { try $0.setSecondFactor(name: name, secret: nil, by: TokenCommand.actor, at: TokenCommand.now()) }
                print("second factor of \(name) removed")
                return
            }
            let (secret, url) = SecondFactor.enrol(user: name)
            try change(store) { try $0.setSecondFactor(name: name, secret: secret, by: TokenCommand.actor, at: TokenCommand.now()) }
            print(url)
            printError("scan or type the URL above into the authenticator app of \(name); it is shown only now")
        }
    }

    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make (or reset) one desk user per role for trying the desk, with fresh passwords, and print them.",
            discussion: "One line per role: user name, password, role, scope (tab-separated). The unit user works for the unit leading the most open petitions, the grid worker covers the grid cell holding the most — as `wangge token demo`.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            do {
                try Self.createAndPrint(try store.open())
            } catch {
                exitWith(error)
            }
        }

        /// Makes or resets one person per role and prints name, password, role and scope.
        static func createAndPrint(_ store: any WanggeStore) throws {
            let people = try UserAccounts(store: store).createDemoSet(by: TokenCommand.actor, at: TokenCommand.now())
            let lines = people.map { a, password in [a.name, password, a.role.rawValue, a.scope ?? "-"].joined(separator: "\t") }
            // Unbuffered: the server prints these and then runs for hours.
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
    }
}

/// Runs a change on the accounts, turning a refusal into a usage error (exit 64) and any other
/// failure into its message and exit status.
private func change(_ store: StoreOptions, _ body: (UserAccounts) throws -> Void) throws {
    do {
        try body(UserAccounts(store: try store.open()))
    } catch let e as UserAccounts.Refusal {
        throw ValidationError(e.description)
    } catch let e as ValidationError {
        throw e
    } catch {
        exitWith(error)
    }
}

/// The password from standard input's first line, or asked for twice at the terminal (not echoed).
private func readPassword(stdin: Bool) throws -> String {
    if stdin {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("--password-stdin: standard input held no password line")
        }
        return line
    }
    guard isatty(0) != 0 else { throw ValidationError("no terminal to ask for the password: pass --password-stdin and pipe it in") }
    guard let first = getpass("password: ").map({ String(cString: $0) }), !first.isEmpty else { throw ValidationError("no password given") }
    guard let second = getpass("again: ").map({ String(cString: $0) }), second == first else { throw ValidationError("the two passwords differ") }
    return first
}
