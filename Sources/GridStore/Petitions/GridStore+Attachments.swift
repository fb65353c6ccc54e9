import GridModel
import GridService

/// Attachments' records and which petitions hold them; the bytes are the blob store's.
extension GridStore {
    /// Records an attachment (once per id) and, when given, links it to a petition — one
    /// transaction, audited.
    public func recordAttachment(_ a: Attachment, petition: String?, origin: String?) throws {
        try write { db in
            try db.execute("INSERT OR IGNORE INTO attachment(id, type, size, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                           [a.id, a.type.rawValue, a.size, a.createdAt.description, a.createdBy])
            if let petition { try Self.link(db, petition: petition, attachments: [a.id], at: a.createdAt, by: a.createdBy) }
            try Self.audit(db, at: a.createdAt, actor: a.createdBy, action: "attachment.upload", target: a.id, origin: origin,
                           detail: "\(a.type.rawValue) \(a.size) bytes" + (petition.map { " on \($0)" } ?? ""))
        }
    }

    static func link(_ db: Database, petition: String, attachments: [String], at: Timestamp, by: String) throws {
        for id in attachments {
            try db.execute("INSERT OR IGNORE INTO petition_attachment(petition_id, attachment_id, added_at, added_by) VALUES (?, ?, ?, ?)",
                           [petition, id, at.description, by])
        }
    }

    /// Links attachments already uploaded to a petition (intake, evidence of a resolution).
    public func linkAttachments(_ ids: [String], to petition: String, at: Timestamp, by: String) throws {
        guard !ids.isEmpty else { return }
        try write { db in try Self.link(db, petition: petition, attachments: ids, at: at, by: by) }
    }

    /// The record of an attachment, or nil.
    public func attachment(id: String) throws -> Attachment? {
        try read { db in
            try db.query("SELECT id, type, size, created_at, created_by FROM attachment WHERE id = ?", [id], Self.attachment(from:)).first
        }
    }

    /// The attachments a petition holds, oldest first.
    public func attachments(of petition: String) throws -> [Attachment] {
        try read { db in
            try db.query("""
                SELECT a.id, a.type, a.size, a.created_at, a.created_by FROM attachment a
                JOIN petition_attachment l ON l.attachment_id = a.id WHERE l.petition_id = ? ORDER BY l.added_at, a.id
                """, [petition], Self.attachment(from:))
        }
    }

    /// Whether some petition inside `scope` holds the attachment — by one query whatever the
    /// answer, so a hidden attachment and a missing one cost the same.
    public func attachmentVisible(_ id: String, scope: PetitionScope) throws -> Bool {
        var conditions = ["id IN (SELECT petition_id FROM petition_attachment WHERE attachment_id = ?)"]
        var arguments: [any DatabaseValueConvertible] = [id]
        try restrict(to: scope, &conditions, &arguments)
        return try read { db in
            guard case .integer(let n)? = try db.scalar("SELECT count(*) FROM petition WHERE " + conditions.joined(separator: " AND "), arguments)
            else { return false }
            return n > 0
        }
    }

    /// Whether no petition holds the attachment yet (uploaded for an intake still to come).
    public func attachmentIsUnlinked(_ id: String) throws -> Bool {
        try read { db in
            guard case .integer(let n)? = try db.scalar("SELECT count(*) FROM petition_attachment WHERE attachment_id = ?", [id]) else { return true }
            return n == 0
        }
    }

    static func attachment(from s: Statement) -> Attachment {
        Attachment(id: s.string(0) ?? "", type: Attachment.MediaType(rawValue: s.string(1) ?? "") ?? .pdf, size: s.int(2) ?? 0,
                   createdAt: timestamp(s.string(3)) ?? Timestamp(seconds: 0), createdBy: s.string(4) ?? "")
    }
}
