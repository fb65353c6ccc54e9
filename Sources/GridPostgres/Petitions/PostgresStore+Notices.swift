import GridGeo
import GridModel
import GridService

/// Notices in order, attachments' records, and webhooks with their deliveries — as the SQLite
/// store keeps them.
extension PostgresStore {
    static func insertNotice(_ s: PostgresSession, _ n: DeskNotice) throws {
        try s.execute("INSERT INTO notice(\(NoticeRecord.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", NoticeRecord.values(of: n))
    }

    public func notices(after id: Int64, limit: Int) throws -> [DeskNotice] {
        try read { s in try Self.notices(s, after: id, limit: limit) }
    }

    static func notices(_ s: PostgresSession, after id: Int64, limit: Int) throws -> [DeskNotice] {
        try s.query("SELECT id, \(NoticeRecord.columns) FROM notice WHERE id > ? ORDER BY id LIMIT ?", [id, limit], NoticeRecord.notice(from:))
    }

    public func lastNoticeID() throws -> Int64 {
        try read { s in try s.query("SELECT coalesce(max(id), 0) FROM notice").first?.int64(0) ?? 0 }
    }

    public func notice(id: Int64) throws -> DeskNotice? { try notices(after: id - 1, limit: 1).first { $0.id == id } }

    // MARK: attachments

    public func recordAttachment(_ a: Attachment, petition: String?, origin: String?) throws {
        try write { s in
            try s.execute("INSERT INTO attachment(id, type, size, created_at, created_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                          [a.id, a.type.rawValue, a.size, a.createdAt.description, a.createdBy])
            if let petition { try Self.link(s, petition: petition, attachments: [a.id], at: a.createdAt, by: a.createdBy) }
            try Self.audit(s, at: a.createdAt, actor: a.createdBy, action: "attachment.upload", target: a.id, origin: origin,
                           detail: "\(a.type.rawValue) \(a.size) bytes" + (petition.map { " on \($0)" } ?? ""))
        }
    }

    static func link(_ s: PostgresSession, petition: String, attachments: [String], at: Timestamp, by: String) throws {
        for id in attachments {
            try s.execute("""
                INSERT INTO petition_attachment(petition_id, attachment_id, added_at, added_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
                """, [petition, id, at.description, by])
        }
    }

    public func linkAttachments(_ ids: [String], to petition: String, at: Timestamp, by: String) throws {
        guard !ids.isEmpty else { return }
        try write { s in try Self.link(s, petition: petition, attachments: ids, at: at, by: by) }
    }

    public func attachment(id: String) throws -> Attachment? {
        try read { s in try s.query("SELECT id, type, size, created_at, created_by FROM attachment WHERE id = ?", [id], Self.attachment(from:)).first }
    }

    public func attachments(of petition: String) throws -> [Attachment] {
        try read { s in
            try s.query("""
                SELECT a.id, a.type, a.size, a.created_at, a.created_by FROM attachment a
                JOIN petition_attachment l ON l.attachment_id = a.id WHERE l.petition_id = ? ORDER BY l.added_at, a.id
                """, [petition], Self.attachment(from:))
        }
    }

    public func attachmentVisible(_ id: String, scope: PetitionScope) throws -> Bool {
        var conditions = ["id IN (SELECT petition_id FROM petition_attachment WHERE attachment_id = ?)"]
        var arguments: [any SQLArgument] = [id]
        try restrict(to: scope, &conditions, &arguments)
        return try read { s in try !s.query("SELECT 1 FROM petition WHERE " + conditions.joined(separator: " AND ") + " LIMIT 1", arguments).isEmpty }
    }

    public func attachmentIsUnlinked(_ id: String) throws -> Bool {
        try read { s in try s.query("SELECT 1 FROM petition_attachment WHERE attachment_id = ? LIMIT 1", [id]).isEmpty }
    }

    static func attachment(from r: SQLRow) -> Attachment {
        Attachment(id: r.string(0) ?? "", type: Attachment.MediaType(rawValue: r.string(1) ?? "") ?? .pdf, size: r.int(2) ?? 0,
                   createdAt: timestamp(r.string(3)) ?? Timestamp(seconds: 0), createdBy: r.string(4) ?? "")
    }

    // MARK: webhooks

    public func insertHook(_ h: Webhook, secret: String, by actor: String) throws {
        try write { s in
            try s.execute("INSERT INTO hook(id, url, events, unit_id, secret, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                          [h.id, h.url, h.events.map(\.rawValue).sorted().joined(separator: ","), h.unit, secret, h.createdAt.description])
            // The first active hook starts with what happens from now on, not with the history.
            if try s.query("SELECT 1 FROM hook WHERE removed_at IS NULL AND id <> ?", [h.id]).isEmpty {
                try s.execute("""
                    INSERT INTO hook_cursor(id, notice_id) SELECT 1, coalesce(max(id), 0) FROM notice
                    ON CONFLICT (id) DO UPDATE SET notice_id = excluded.notice_id
                    """)
            }
            try Self.audit(s, at: h.createdAt, actor: actor, action: "hook.add", target: h.id, detail: h.url)
        }
    }

    public func removeHook(id: String, at: Timestamp, by actor: String) throws -> Bool {
        try write { s in
            guard !(try s.query("UPDATE hook SET removed_at = ? WHERE id = ? AND removed_at IS NULL RETURNING id", [at.description, id])).isEmpty
            else { return false }
            try s.execute("UPDATE hook_delivery SET state = 'failed', last_error = 'hook removed' WHERE hook_id = ? AND state = 'pending'", [id])
            try Self.audit(s, at: at, actor: actor, action: "hook.remove", target: id, detail: nil)
            return true
        }
    }

    public func hooks() throws -> [(hook: Webhook, secret: String)] {
        try read { s in
            try s.query("SELECT id, url, events, unit_id, created_at, removed_at, secret FROM hook ORDER BY created_at, id") { r in
                let events = Set((r.string(2) ?? "").split(separator: ",").compactMap { DeskNotice.Kind(rawValue: String($0)) })
                return (Webhook(id: r.string(0) ?? "", url: r.string(1) ?? "", events: events, unit: r.string(3),
                                createdAt: Self.timestamp(r.string(4)) ?? Timestamp(seconds: 0), removedAt: Self.timestamp(r.string(5))),
                        r.string(6) ?? "")
            }
        }
    }

    /// Queues a delivery per active hook for every notice after the cursor. The cursor row is
    /// locked for the transaction, so two servers never queue the same notices twice.
    public func queueDeliveries(now: Int64) throws -> Int {
        let active = try hooks().filter { $0.hook.removedAt == nil }.map(\.hook)
        return try write { s in
            guard !active.isEmpty else { return 0 }
            var cursor = try s.query("SELECT notice_id FROM hook_cursor WHERE id = 1 FOR UPDATE").first?.int64(0) ?? 0
            var queued = 0
            while true {
                let notices = try Self.notices(s, after: cursor, limit: 1000)
                guard let last = notices.last?.id else { break }
                for n in notices {
                    for h in active where h.wants(n) {
                        try s.execute("INSERT INTO hook_delivery(hook_id, notice_id, next_at_epoch) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [h.id, n.id, now])
                        queued += 1
                    }
                }
                cursor = last
            }
            try s.execute("INSERT INTO hook_cursor(id, notice_id) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET notice_id = excluded.notice_id", [cursor])
            return queued
        }
    }

    /// Claimed with `FOR UPDATE SKIP LOCKED`: two servers asking at once get different deliveries.
    public func claimDueDeliveries(now: Int64, limit: Int, until: Int64) throws -> [Webhook.Delivery] {
        try write { s in
            try s.query("""
                WITH due AS (
                    SELECT id, next_at_epoch AS due_at FROM hook_delivery WHERE state = 'pending' AND next_at_epoch <= $1
                    ORDER BY next_at_epoch, id LIMIT $2 FOR UPDATE SKIP LOCKED)
                UPDATE hook_delivery h SET next_at_epoch = $3 FROM due WHERE h.id = due.id
                RETURNING h.id, h.hook_id, h.notice_id, h.attempts, h.state, due.due_at, h.last_status, h.last_error, h.delivered_at
                """, [now, limit, until], Self.delivery(from:)).sorted { $0.id < $1.id }
        }
    }

    public func recordAttempt(delivery id: Int64, at: Timestamp, status: Int?, error: String?, delivered: Bool, retryAt: Int64?) throws {
        try write { s in
            let state = delivered ? "delivered" : (retryAt == nil ? "failed" : "pending")
            try s.execute("""
                UPDATE hook_delivery SET attempts = attempts + 1, state = ?, next_at_epoch = coalesce(?, next_at_epoch),
                    last_status = ?, last_error = ?, delivered_at = ? WHERE id = ?
                """, [state, retryAt, status, error, delivered ? at.description : nil, id])
        }
    }

    public func deliveries(hook: String?, limit: Int) throws -> [Webhook.Delivery] {
        try read { s in
            try s.query("\(Self.deliverySelect) WHERE (?::text IS NULL OR hook_id = ?) ORDER BY id DESC LIMIT ?", [hook, hook, limit], Self.delivery(from:))
        }
    }

    static let deliverySelect = "SELECT id, hook_id, notice_id, attempts, state, next_at_epoch, last_status, last_error, delivered_at FROM hook_delivery"

    static func delivery(from r: SQLRow) -> Webhook.Delivery {
        Webhook.Delivery(id: r.int64(0) ?? 0, hook: r.string(1) ?? "", notice: r.int64(2) ?? 0, attempts: r.int(3) ?? 0,
                         state: Webhook.Delivery.State(rawValue: r.string(4) ?? "") ?? .pending, nextAt: r.int64(5) ?? 0,
                         lastStatus: r.int(6), lastError: r.string(7), deliveredAt: timestamp(r.string(8)))
    }
}
