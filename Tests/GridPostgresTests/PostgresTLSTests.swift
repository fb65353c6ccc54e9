import Foundation
import GridPostgres
import GridTestSupport
import Testing

/// TLS to the database, as libpq's `sslmode` says: the test cluster (`scripts/postgres.sh`)
/// offers TLS with a certificate of its own for 127.0.0.1.
@Suite struct PostgresTLSTests {
    /// Whether the database's connections from this test are encrypted, as the server sees them.
    static func encrypted(_ database: PostgresTestDatabase) throws -> [String] {
        try PostgresTestDatabase.psql(database.url, """
            SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
            WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() ORDER BY 1
            """).split(separator: "\n").map(String.init)
    }

    static func authority() throws -> String {
        guard let ca = ProcessInfo.processInfo.environment["WANGGE_TEST_POSTGRES_CA"], !ca.isEmpty else { throw PostgresTestDatabase.Missing() }
        return ca
    }

    @Test func connectionsAreEncryptedWhenTheServerOffersItAndVerifiedWhenAsked() throws {
        let database = try PostgresTestDatabase()
        // The default (prefer): encrypted, as the server offers TLS.
        let preferred = try PostgresStore(url: database.url)
        _ = try preferred.counts()
        #expect(try Self.encrypted(database) == ["t"])
        // verify-full against the cluster's own certificate: host 127.0.0.1 is in it.
        let verified = try PostgresStore(url: database.url + "?sslmode=verify-full&sslrootcert=" + (try Self.authority()))
        #expect(try verified.counts()["area"] == 0)
        withExtendedLifetime(preferred) {}
    }

    @Test func aCertificateFromAnotherAuthorityIsRefused() throws {
        let database = try PostgresTestDatabase()
        let dir = TemporaryDirectory()
        let other = try runProcess("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                                                        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir.file("k.pem"), "-out", dir.file("c.pem")])
        #expect(other.status == 0, "\(other.output)")
        #expect(throws: (any Error).self) { try PostgresStore(url: database.url + "?sslmode=verify-ca&sslrootcert=" + dir.file("c.pem")) }
        do {
            _ = try PostgresStore(url: database.url + "?sslmode=verify-full&sslrootcert=" + dir.file("c.pem"))
            Issue.record("a server whose certificate no trusted authority signed was accepted")
        } catch {
            #expect("\(error)".lowercased().contains("certificate"), "\(error)")
        }
    }

    /// The role `wangge_cert` may sign in only with a client certificate the cluster's authority
    /// signed (`scripts/postgres.sh`): with `sslcert`/`sslkey` Wangge does, and the server sees
    /// the certificate; without one, or with one issued to another name, it is refused.
    @Test func aClientCertificateSignsIn() throws {
        let database = try PostgresTestDatabase()
        let authority = try Self.authority()
        let authorityKey = URL(fileURLWithPath: authority).deletingLastPathComponent().appendingPathComponent("server.key").path
        _ = try PostgresTestDatabase.psql(database.url, """
            DO $$ BEGIN CREATE ROLE wangge_cert LOGIN SUPERUSER; EXCEPTION WHEN duplicate_object THEN NULL; END $$
            """)
        let dir = TemporaryDirectory()
        func issue(_ name: String) throws -> (certificate: String, key: String) {
            let (cert, key, request) = (dir.file("\(name).crt"), dir.file("\(name).key"), dir.file("\(name).csr"))
            let asked = try runProcess("/usr/bin/openssl", ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=\(name)", "-keyout", key, "-out", request])
            let signed = try runProcess("/usr/bin/openssl", ["x509", "-req", "-in", request, "-CA", authority, "-CAkey", authorityKey,
                                                             "-set_serial", String(Int.random(in: 1...1_000_000)), "-days", "1", "-out", cert])
            #expect(asked.status == 0 && signed.status == 0, "\(asked.output)\(signed.output)")
            return (cert, key)
        }
        let url = database.url.replacingOccurrences(of: "postgresql://wangge@", with: "postgresql://wangge_cert@")
        let tls = "?sslmode=verify-full&sslrootcert=" + authority
        let mine = try issue("wangge_cert")
        let store = try PostgresStore(url: url + tls + "&sslcert=\(mine.certificate)&sslkey=\(mine.key)")
        #expect(try store.counts()["area"] == 0)
        let seen = try PostgresTestDatabase.psql(database.url, """
            SELECT s.client_dn FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
            WHERE a.datname = current_database() AND a.usename = 'wangge_cert'
            """)
        #expect(seen.contains("CN=wangge_cert"), "\(seen)")
        #expect(throws: (any Error).self) { try PostgresStore(url: url + tls) }
        let other = try issue("somebody")
        #expect(throws: (any Error).self) { try PostgresStore(url: url + tls + "&sslcert=\(other.certificate)&sslkey=\(other.key)") }
        // Half a pair, or a certificate without TLS, is a clear error before any connection.
        #expect { try PostgresStore(url: url + tls + "&sslcert=\(mine.certificate)") } throws: { "\($0)".contains("sslcert and sslkey go together") }
        #expect { try PostgresStore(url: url + "?sslmode=disable&sslcert=\(mine.certificate)&sslkey=\(mine.key)") } throws: { "\($0)".contains("needs TLS") }
        withExtendedLifetime(store) {}
    }

    @Test(arguments: ["?sslmode=sometimes", "?sslrootcert=/nonexistent/ca.pem", "?connect_timeout=3"])
    func settingsThatCannotBeUsedAreClearErrors(_ query: String) throws {
        let server = try PostgresTestDatabase.serverURL()
        #expect { try PostgresStore(url: server + query) } throws: { error in
            "\(error)".contains("is not a PostgreSQL URL")
        }
    }

    @Test func sslmodeDisableStaysInTheClear() throws {
        let database = try PostgresTestDatabase()
        let clear = try PostgresStore(url: database.url + "?sslmode=disable")
        _ = try clear.counts()
        #expect(try Self.encrypted(database) == ["f"])
        withExtendedLifetime(clear) {}
    }
}
