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
}

/// Attachments' bytes in a `bytea` column: no shared folder to set up. (Each blob is held whole
/// in memory while written or read, as the `BlobStore` protocol passes it; attachments are
/// limited by `--max-attachment-mb`.)
struct PostgresBlobStore: BlobStore {
    let store: PostgresStore

    func put(_ bytes: [UInt8], id: String) throws {
        try store.write { s in try s.execute("INSERT INTO blob(id, bytes) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", [id, bytes]) }
    }

    func get(_ id: String) throws -> [UInt8]? {
        try store.read { s in try s.query("SELECT bytes FROM blob WHERE id = ?", [id]).first?.bytes(0) }
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
