import GridGeo
import GridModel
import GridService

/// Notices, kept in order: what the notification stream and webhooks read.
extension GridStore {
    static func insertNotice(_ db: Database, _ n: DeskNotice) throws {
        try db.execute("INSERT INTO notice(\(NoticeRecord.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", NoticeRecord.values(of: n))
    }

    /// Notices after `id`, oldest first, at most `limit`.
    public func notices(after id: Int64, limit: Int = 1000) throws -> [DeskNotice] {
        try read { db in try Self.notices(db, after: id, limit: limit) }
    }

    static func notices(_ db: Database, after id: Int64, limit: Int) throws -> [DeskNotice] {
        try db.query("SELECT id, \(NoticeRecord.columns) FROM notice WHERE id > ? ORDER BY id LIMIT ?", [id, limit], NoticeRecord.notice(from:))
    }

    /// The newest notice's id (0 when none): what a stream starting now begins after.
    public func lastNoticeID() throws -> Int64 {
        try read { db in
            guard case .integer(let v)? = try db.scalar("SELECT coalesce(max(id), 0) FROM notice") else { return 0 }
            return v
        }
    }
}
