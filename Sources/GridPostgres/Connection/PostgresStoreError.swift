import GridService
import PostgresNIO

/// Why the PostgreSQL store refused to open or to answer: what, and where.
public enum PostgresStoreError: Error, Sendable, CustomStringConvertible {
    /// `--db` looked like a PostgreSQL URL but is not one.
    case badURL(String, why: String)
    /// The server refused a statement (the message is the server's).
    case refused(sql: String, message: String)
    /// The database was written by a newer Wangge.
    case schemaTooNew(url: String, found: Int, supported: Int)
    /// The database holds tables, but not Wangge's.
    case foreignDatabase(url: String, tables: [String])

    public var description: String {
        switch self {
        case .badURL(let url, let why): "'\(url)' is not a PostgreSQL URL: \(why) (postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE)"
        case .refused(let sql, let message): "PostgreSQL refused \(sql.prefix(80).split(separator: "\n").first ?? ""): \(message)"
        case .schemaTooNew(let url, let found, let supported):
            "\(url) has schema version \(found), but this wangge supports up to \(supported): upgrade wangge to open it (the database was left untouched)"
        case .foreignDatabase(let url, let tables):
            "\(url) holds tables that are not Wangge's (\(tables.prefix(5).joined(separator: ", "))…); choose an empty database"
        }
    }

    /// The server's own words for an error from the driver (its description hides them).
    static func message(of error: any Error) -> String {
        if let e = error as? PSQLError {
            if let m = e.serverInfo?[.message] {
                let detail = e.serverInfo?[.detail].map { " (\($0))" } ?? ""
                return m + detail
            }
            return e.underlying.map { "\($0)" } ?? "\(e.code)"
        }
        return "\(error)"
    }
}

/// A server that cannot be reached, or a connection lost mid-request, is for now: worth trying again.
public struct PostgresUnavailable: StoreUnavailable, Sendable {
    public var url: String
    public var why: String
    public var description: String { "\(url) is not answering: \(why)" }
}
