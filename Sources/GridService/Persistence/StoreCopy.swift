import Foundation

/// `wangge copy`: a whole deployment from one store to another (SQLite to PostgreSQL and back)
/// — every table, the contact key and the attachments' bytes — checked afterwards table by
/// table: the same number of rows and the same checksum of their values.
public struct StoreCopy: Sendable {
    let from: any WanggeStore
    let to: any WanggeStore

    public init(from: any WanggeStore, to: any WanggeStore) {
        self.from = from
        self.to = to
    }

    /// One table's check after the copy.
    public struct Check: Sendable, Equatable {
        public var table: String
        public var rows: Int
        public var copiedRows: Int
        public var checksum: String
        public var copiedChecksum: String
        public var matches: Bool { rows == copiedRows && checksum == copiedChecksum }
    }

    /// Copies everything and checks it. The target must be empty; its tables are written in
    /// one transaction, so a failure leaves it as it was.
    /// - Parameter progress: told each table's name and rows as it is read.
    public func run(progress: (String, Int) -> Void = { _, _ in }) throws -> [Check] {
        var tables: [(table: StoreTables.Table, rows: [[StoredValue]])] = []
        for t in StoreTables.all {
            let rows = try from.rows(of: t)
            progress(t.name, rows.count)
            tables.append((t, rows))
        }
        try to.adoptContactKey(try from.contactKey())
        // The bytes first: a record never points at a file that is not there.
        if let attachments = tables.first(where: { $0.table.name == "attachment" }) {
            let (source, target) = (from.defaultBlobStore(), to.defaultBlobStore())
            // Each file through a temporary one, a part at a time.
            let passing = NSTemporaryDirectory() + "wangge-copy-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: passing) }
            for row in attachments.rows {
                guard case .text(let id)? = row.first, try source.write(id, toFile: passing) else { continue }
                try target.put(file: passing, id: id)
            }
        }
        try to.load(tables)
        return try tables.map { t, rows in
            let copied = try to.rows(of: t)
            return Check(table: t.name, rows: rows.count, copiedRows: copied.count, checksum: Self.checksum(rows), copiedChecksum: Self.checksum(copied))
        }
    }

    /// SHA-256 over the rows' values in order, each with its type: equal tables, equal sums.
    public static func checksum(_ rows: [[StoredValue]]) -> String {
        var bytes: [UInt8] = []
        func number(_ n: UInt64) { withUnsafeBytes(of: n.littleEndian) { bytes += $0 } }
        for row in rows {
            for value in row {
                switch value {
                case .null: bytes.append(0)
                case .integer(let n): bytes.append(1); number(UInt64(bitPattern: n))
                case .real(let d): bytes.append(2); number(d.bitPattern)
                case .text(let s): bytes.append(3); number(UInt64(s.utf8.count)); bytes += s.utf8
                case .bytes(let b): bytes.append(4); number(UInt64(b.count)); bytes += b
                }
            }
            bytes.append(0xFF)
        }
        return Digests.sha256(bytes)
    }
}

/// A copy into a store that already holds data.
public struct CopyRefused: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}
