import Foundation
import PostgresNIO

/// A `postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE` URL (also `postgres://`), as libpq
/// and every PostgreSQL tool write it. TLS is not used on these connections yet: run the
/// database on the same host or a private network.
public struct PostgresURL: Sendable, Equatable {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String

    /// Whether `text` names a PostgreSQL database rather than a file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    public init(_ text: String) throws(PostgresStoreError) {
        guard Self.isPostgres(text), let url = URLComponents(string: text) else {
            throw .badURL(text, why: "it must start with postgresql://")
        }
        guard let host = url.host, !host.isEmpty else { throw .badURL(text, why: "no host") }
        guard let user = url.user, !user.isEmpty else { throw .badURL(text, why: "no user") }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw .badURL(text, why: "no database name after the host") }
        self.user = user.removingPercentEncoding ?? user
        password = url.password.map { $0.removingPercentEncoding ?? $0 }
        self.host = host
        port = url.port ?? 5432
        self.database = database.removingPercentEncoding ?? database
    }

    /// The URL without its password, for messages and logs.
    public var redacted: String { "postgresql://\(user)@\(host):\(port)/\(database)" }

    var configuration: PostgresConnection.Configuration {
        PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: .disable)
    }
}
