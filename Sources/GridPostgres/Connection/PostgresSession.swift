import Foundation
import Logging
import NIOCore
import PostgresNIO

/// One connection to the server, used by one caller at a time, with blocking calls: the
/// services' store protocols are synchronous (as SQLite's C API is), so each call waits for its
/// answer here. The connection's event loop is the store's own, never a caller's, so waiting
/// never blocks the loop that must deliver the answer.
final class PostgresSession: Sendable {
    let connection: PostgresConnection
    let logger: Logger
    /// The database's URL without its password, for messages.
    let url: String

    init(connection: PostgresConnection, logger: Logger, url: String) {
        self.connection = connection
        self.logger = logger
        self.url = url
    }

    /// Runs one statement with its parameters and returns its rows. Parameters are written
    /// `$1`, `$2` … or, as in the SQLite store's statements, `?` (numbered here in order).
    @discardableResult
    func query(_ sql: String, _ arguments: [any SQLArgument] = []) throws -> [SQLRow] {
        try query(sql, arguments) { $0 }
    }

    /// Runs one statement and maps its rows. Each row is opened for reading by position only
    /// while it is mapped: opened all at once, a million wide rows take gigabytes (a cell each,
    /// with its column's name) before the first is mapped.
    func query<T>(_ sql: String, _ arguments: [any SQLArgument] = [], _ row: (SQLRow) throws -> T) throws -> [T] {
        var binds = PostgresBindings(capacity: arguments.count)
        for a in arguments { a.sqlValue.bind(into: &binds) }
        let result: PostgresQueryResult
        do {
            let text = sql.contains("?") ? Self.numberingPlaceholders(sql) : sql
            result = try connection.query(PostgresQuery(unsafeSQL: text, binds: binds), logger: logger).wait()
        } catch {
            // A connection that broke (the server restarting) is a passing outage, not a refusal.
            if connection.isClosed { throw PostgresUnavailable(url: url, why: PostgresStoreError.message(of: error)) }
            throw PostgresStoreError.refused(sql: sql, message: PostgresStoreError.message(of: error))
        }
        return try result.rows.map { try row(SQLRow(row: $0.makeRandomAccess())) }
    }

    /// Runs one statement for its effect.
    func execute(_ sql: String, _ arguments: [any SQLArgument] = []) throws {
        _ = try query(sql, arguments)
    }

    /// Inserts many rows with as few statements as the protocol allows (at most 65,535
    /// parameters each): `rowTemplate` is one row's `(?, ?, …)` with a `?` per value.
    func insert(into table: String, columns: String, rowTemplate: String, rows: [[any SQLArgument]]) throws {
        guard let width = rows.first?.count, width > 0 else { return }
        let perStatement = max(1, min(1000, 65_000 / width))
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + perStatement)]
            let sql = "INSERT INTO \(table)(\(columns)) VALUES " + Array(repeating: rowTemplate, count: chunk.count).joined(separator: ", ")
            try execute(sql, chunk.flatMap { $0 })
            start += chunk.count
        }
    }

    /// Runs a script of several statements without parameters (migrations), one at a time: the
    /// extended protocol takes one statement per message.
    func script(_ sql: String) throws {
        for statement in Self.statements(of: sql) { try execute(statement) }
    }

    /// `?` placeholders (outside quotes) as `$1`, `$2` …
    static func numberingPlaceholders(_ sql: String) -> String {
        var out = ""
        var n = 0
        var inQuote = false
        for c in sql {
            if c == "'" { inQuote.toggle() }
            if c == "?" && !inQuote {
                n += 1
                out += "$\(n)"
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// A script's statements: split at semicolons outside quotes and `$$` bodies.
    static func statements(of sql: String) -> [String] {
        var out: [String] = []
        var current = ""
        var inQuote = false, inDollar = false
        var previous: Character = " "
        for c in sql {
            if c == "'" && !inDollar { inQuote.toggle() }
            if c == "$" && previous == "$" && !inQuote { inDollar.toggle() }
            if c == ";" && !inQuote && !inDollar {
                let s = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !s.isEmpty { out.append(s) }
                current = ""
            } else {
                current.append(c)
            }
            previous = c == "$" && previous == "$" ? " " : c
        }
        let s = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !s.isEmpty { out.append(s) }
        return out
    }

    /// Runs `body` in one transaction: all of it, or none.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}
