import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL + PostGIS cluster of a test's own (Debian's postgresql-15), for tests that stop,
/// restart or replicate their server — which the suite's shared cluster must never see. Run as
/// the `postgres` user when the tests run as root (PostgreSQL refuses root).
public final class PrivatePostgres: @unchecked Sendable {
    public let folder: String
    public let port: Int
    static let bin = "/usr/lib/postgresql/15/bin/"

    /// The URL of a database on it (`postgres` is always there).
    public func url(_ database: String = "postgres") -> String { "postgresql://wangge@127.0.0.1:\(port)/\(database)" }

    /// A new cluster, started; `primary` makes it a streaming replica of that one instead.
    public init(replicaOf primary: PrivatePostgres? = nil) throws {
        folder = "/tmp/wangge-test-pg-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        if getuid() == 0 { try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: folder) }
        port = try freeLoopbackPort()
        if let primary {
            try run("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primary.port), "-U", "wangge", "-D", folder + "/data", "-R", "-X", "stream", "-c", "fast"])
        } else {
            try run("initdb", ["-D", folder + "/data", "-U", "wangge", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
            let hba = folder + "/data/pg_hba.conf"
            let rules = (try String(contentsOfFile: hba, encoding: .utf8)) + "host replication wangge 127.0.0.1/32 trust\n"
            try rules.write(toFile: hba, atomically: false, encoding: .utf8)
        }
        try start()
    }

    /// The server, a child of the test process (no `pg_ctl` daemon to lose track of).
    private var server: Process?

    deinit {
        stopServer(SIGQUIT)
        try? FileManager.default.removeItem(atPath: folder)
    }

    public func start() throws {
        let p = Process()
        (p.executableURL, p.arguments) = Self.asPostgres(Self.bin + "postgres", [
            "-D", folder + "/data", "-p", String(port), "-k", folder, "-c", "listen_addresses=127.0.0.1",
            "-c", "wal_level=replica", "-c", "max_wal_senders=4", "-c", "fsync=off"])
        let log = folder + "/server.log"
        if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        let handle = FileHandle(forWritingAtPath: log)
        handle?.seekToEndOfFile()
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        server = p
        for _ in 0..<200 {
            if (try? runProcess("/usr/bin/pg_isready", ["-q", "-h", "127.0.0.1", "-p", String(port)]))?.status == 0 { return }
            guard p.isRunning else { break }
            usleep(50_000)
        }
        throw Failure(description: "postgres did not start: " + ((try? String(contentsOfFile: log, encoding: .utf8)) ?? ""))
    }

    /// A fast shutdown (SIGINT): clients are disconnected, the data flushed.
    public func stop() throws { stopServer(SIGINT) }

    private func stopServer(_ signal: Int32) {
        guard let p = server, p.isRunning else { return }
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
        server = nil
    }

    /// Runs SQL with psql against a database of this cluster.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        let out = try runProcess("/usr/bin/psql", [url(database), "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql])
        guard out.status == 0 else { throw Failure(description: "psql \(sql): \(out.output)") }
        return out.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public struct Failure: Error, CustomStringConvertible { public var description: String }

    /// A program run as `postgres` when the tests run as root: `setpriv` changes user and then
    /// becomes the program, so the process the test holds is the server itself.
    static func asPostgres(_ program: String, _ arguments: [String]) -> (URL, [String]) {
        guard getuid() == 0 else { return (URL(fileURLWithPath: program), arguments) }
        return (URL(fileURLWithPath: "/usr/bin/setpriv"), ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", program] + arguments)
    }

    /// Runs a server tool to its end, its output to a file.
    func run(_ tool: String, _ arguments: [String]) throws {
        let log = folder + "/\(tool).out"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let p = Process()
        (p.executableURL, p.arguments) = Self.asPostgres(Self.bin + tool, arguments)
        p.standardOutput = FileHandle(forWritingAtPath: log)
        p.standardError = FileHandle(forWritingAtPath: log)
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failure(description: "\(tool) failed: " + ((try? String(contentsOfFile: log, encoding: .utf8)) ?? ""))
        }
    }
}
