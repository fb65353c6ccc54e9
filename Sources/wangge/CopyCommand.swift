import ArgumentParser
import GridService

/// `wangge copy --from A --to B`: a whole deployment from one store to the other.
struct CopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a whole deployment between stores (a SQLite file and a postgresql:// database, either way) and check every table.",
        discussion: """
            Every table, the contact key (callers' phone hashes) and the attachments' bytes. The target must be new or empty; \
            its tables are written in one transaction. Afterwards each table's rows are counted and checksummed on both sides: \
            a line per table, and exit status 1 if any differs.
            """)

    @Option(help: "The store to copy: a SQLite file or a postgresql:// URL.") var from: String
    @Option(help: "The store to copy into (created if a file is missing; must be empty).") var to: String

    func run() throws {
        do {
            let checks = try StoreCopy(from: try StoreOptions.open(from), to: try StoreOptions.open(to, create: true)).run { table, rows in
                printError("read \(rows) rows of \(table)")
            }
            for c in checks {
                print([c.table, String(c.rows), String(c.copiedRows), String(c.checksum.prefix(16)), c.matches ? "ok" : "DIFFERS"].joined(separator: "\t"))
            }
            let bad = checks.filter { !$0.matches }
            guard bad.isEmpty else { throw CLIError("the copy differs in \(bad.map(\.table).joined(separator: ", "))") }
            printError("copied \(checks.reduce(0) { $0 + $1.rows }) rows in \(checks.count) tables from \(from) to \(to); every table checked")
        } catch {
            exitWith(error)
        }
    }
}
