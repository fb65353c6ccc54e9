import Foundation
import GridService

/// What every server over the database must agree on besides rows.
extension PostgresStore {
    /// Made by whichever server asks first, read by all the others.
    public func contactKey() throws -> [UInt8] {
        try write { s in
            var rng = SystemRandomNumberGenerator()
            let fresh = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
            try s.execute("INSERT INTO wangge_secret(name, value) VALUES ('contact_key', ?) ON CONFLICT (name) DO NOTHING", [fresh])
            return try s.query("SELECT value FROM wangge_secret WHERE name = 'contact_key'").first?.bytes(0) ?? fresh
        }
    }

    /// Attachments in the database itself, where every server reads them.
    public func defaultBlobStore() -> any BlobStore { PostgresBlobStore(store: self) }

    /// The folder for files a machine keeps for a database it does not hold (the locator's image).
    static func cacheFolder() -> String? {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["WANGGE_CACHE_DIR"], !dir.isEmpty { return dir }
        if let dir = env["XDG_CACHE_HOME"], !dir.isEmpty { return dir + "/wangge" }
        if let home = env["HOME"], !home.isEmpty { return home + "/.cache/wangge" }
        return nil
    }
}

/// Attachments' bytes in the database, a `bytea` row per part (`BlobParts.size`): no shared
/// folder to set up, every server and replica reads them, and no upload or download holds a
/// whole file in memory. A blob's parts are written in one transaction: all of it, or none.
struct PostgresBlobStore: BlobStore {
    let store: PostgresStore

    func put(file path: String, id: String) throws {
        try store.write { s in
            // Two servers storing the same file at once: the second waits here, then finds it.
            try s.execute("SELECT pg_advisory_xact_lock(hashtext(?))", [id])
            guard try s.query("SELECT 1 FROM blob_part WHERE id = ? AND part = 0", [id]).isEmpty else { return }
            try BlobParts.read(file: path) { index, part in
                try s.execute("INSERT INTO blob_part(id, part, bytes) VALUES (?, ?, ?)", [id, index, part])
            }
        }
    }

    func size(of id: String) throws -> Int? {
        try store.read { s in
            let r = try s.query("SELECT count(*), coalesce(sum(octet_length(bytes)), 0)::bigint FROM blob_part WHERE id = ?", [id]).first
            guard let r, let parts = r.int(0), parts > 0 else { return nil }
            return r.int(1)
        }
    }

    func part(_ index: Int, of id: String) throws -> [UInt8] {
        try store.read { s in
            guard let bytes = try s.query("SELECT bytes FROM blob_part WHERE id = ? AND part = ?", [id, index]).first?.bytes(0) else {
                throw BlobError(reason: "no part \(index) of '\(id)'")
            }
            return bytes
        }
    }
}

extension PostgresStore {
    /// A session-level advisory lock named after the job, held on one connection while `body`
    /// runs: among all servers over the database, one runs it.
    public func exclusively<T>(_ job: String, _ body: () throws -> T) throws -> T? {
        try pool.with { s in
            guard try s.query("SELECT pg_try_advisory_lock(hashtext(?))", [job]).first?.bool(0) == true else { return nil }
            defer { _ = try? s.query("SELECT pg_advisory_unlock(hashtext(?))", [job]) }
            return try body()
        }
    }
}
