import ArgumentParser
import Foundation
import GridPostgres
import GridService
import GridStore

/// The database option every command shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite/SpatiaLite database file, or a postgresql://USER@HOST:PORT/DB URL (default: $WANGGE_DB, else wangge.db).")
    var db: String = ProcessInfo.processInfo.environment["WANGGE_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "wangge.db"

    /// Whether `--db` names a PostgreSQL database rather than a file.
    var isPostgres: Bool { PostgresURL.isPostgres(db) }

    /// Whether there is a database to open (a PostgreSQL server is asked when opened).
    var exists: Bool { isPostgres || fileExists(db) }

    /// Opens the store — the SQLite file, or the PostgreSQL database the URL names; a missing
    /// file is an error unless `create` is set.
    func open(create: Bool = false) throws -> any WanggeStore { try Self.open(db, create: create) }

    /// Opens the store `db` names (a file path or a postgresql:// URL).
    static func open(_ db: String, create: Bool = false) throws -> any WanggeStore {
        let isPostgres = PostgresURL.isPostgres(db)
        if !create && !isPostgres && !fileExists(db) {
            throw ValidationError("no database at \(db): create one with `wangge import --db \(db) all geodata`")
        }
        do {
            return isPostgres ? try PostgresStore(url: db) : try GridStore(path: db)
        } catch {
            throw CLIError("\(error)", code: 2)
        }
    }
}

/// A failure the CLI reports in one message on stderr with an exit code.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    var code: Int32

    init(_ message: String, code: Int32 = 1) {
        description = message
        self.code = code
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

/// Writes a line to standard error.
func printError(_ s: String) {
    // write(2) on fd 2: the C `stderr` global is not concurrency-safe in Swift 6.
    let bytes = Array((s + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// Exits with the error's own code and message, for errors ArgumentParser would not print well.
func exitWith(_ error: any Error) -> Never {
    if let e = error as? CLIError {
        printError("wangge: \(e.description)")
        exit(e.code)
    }
    printError("wangge: \(error)")
    exit(1)
}
