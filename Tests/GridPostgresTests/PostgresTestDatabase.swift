import Foundation
import GridPostgres
import GridTestSupport

/// A fresh, empty database on the private test cluster (`scripts/postgres.sh`, started by
/// `scripts/test.sh`), dropped when the value goes away.
final class PostgresTestDatabase: @unchecked Sendable {
    let url: String
    private let name: String
    private let server: String

    /// The cluster's URL; a test run without it fails, saying how to start one.
    static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["WANGGE_TEST_POSTGRES"], !url.isEmpty else {
            throw Missing()
        }
        return url
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "WANGGE_TEST_POSTGRES is not set: run the tests with scripts/test.sh, or `source scripts/postgres.sh; postgres_start` first"
        }
    }

    init() throws {
        server = try Self.serverURL()
        name = "wangge_test_" + String(UInt64.random(in: 0..<UInt64.max), radix: 36)
        try Self.psql(server, "CREATE DATABASE \(name)")
        url = server.replacingOccurrences(of: "/postgres", with: "/\(name)")
    }

    deinit {
        _ = try? Self.psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Runs SQL with psql (the server's own client) against `url`.
    @discardableResult
    static func psql(_ url: String, _ sql: String) throws -> String {
        let out = try runProcess("/usr/bin/psql", [url, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql])
        guard out.status == 0 else { throw Failure(description: "psql \(sql): \(out.output)") }
        return out.output
    }

    struct Failure: Error, CustomStringConvertible { var description: String }
}
