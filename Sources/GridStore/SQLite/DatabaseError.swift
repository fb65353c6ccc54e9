/// A failure reported by SQLite, with the result codes, SQLite's message and the statement.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    public var code: Int32
    public var extendedCode: Int32
    public var message: String
    public var sql: String?

    public init(code: Int32, extendedCode: Int32? = nil, message: String, sql: String? = nil) {
        self.code = code
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.sql = sql
    }

    public var description: String {
        var s = "SQLite error \(code)"
        if extendedCode != code { s += " (extended \(extendedCode))" }
        s += ": \(message)"
        if let sql { s += " — in: \(sql.count > 300 ? String(sql.prefix(300)) + "…" : sql)" }
        return s
    }
}
