import GridModel
import GridService

/// Webhooks and their delivery log.
extension GridStore {
    /// Stores a new hook (with its signing secret) and audits it.
    public func insertHook(_ h: Webhook, secret: String, by actor: String) throws {
        try write { db in
            try db.execute("INSERT INTO hook(id, url, events, unit_id, secret, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                           [h.id, h.url, h.events.map(\.rawValue).sorted().joined(separator: ","), h.unit ?? DatabaseValue.null, secret,
                            h.createdAt.description])
            // The first active hook starts with what happens from now on, not with the history.
            if case .integer(0)? = try db.scalar("SELECT count(*) FROM hook WHERE removed_at IS NULL AND id != ?", [h.id]) {
                try db.execute("""
                    INSERT INTO hook_cursor(id, notice_id) SELECT 1, coalesce(max(id), 0) FROM notice WHERE true
                    ON CONFLICT(id) DO UPDATE SET notice_id = excluded.notice_id
                    """)
            }
            try Self.audit(db, at: h.createdAt, actor: actor, action: "hook.add", target: h.id, detail: h.url)
        }
    }

    /// Removes a hook (kept in the log, delivered no more); false when there is no such active hook.
    public func removeHook(id: String, at: Timestamp, by actor: String) throws -> Bool {
        try write { db in
            try db.execute("UPDATE hook SET removed_at = ? WHERE id = ? AND removed_at IS NULL", [at.description, id])
            guard case .integer(let n)? = try db.scalar("SELECT changes()"), n > 0 else { return false }
            try db.execute("UPDATE hook_delivery SET state = 'failed', last_error = 'hook removed' WHERE hook_id = ? AND state = 'pending'", [id])
            try Self.audit(db, at: at, actor: actor, action: "hook.remove", target: id, detail: nil)
            return true
        }
    }

    /// Every hook, with its secret, oldest first.
    public func hooks() throws -> [(hook: Webhook, secret: String)] {
        try read { db in
            try db.query("SELECT id, url, events, unit_id, created_at, removed_at, secret FROM hook ORDER BY created_at, id", []) { s in
                let events = Set((s.string(2) ?? "").split(separator: ",").compactMap { DeskNotice.Kind(rawValue: String($0)) })
                return (Webhook(id: s.string(0) ?? "", url: s.string(1) ?? "", events: events, unit: s.string(3),
                                createdAt: Self.timestamp(s.string(4)) ?? Timestamp(seconds: 0), removedAt: Self.timestamp(s.string(5))),
                        s.string(6) ?? "")
            }
        }
    }

    /// Hands the notices written since the last call to the hooks that want them: one pending
    /// delivery each, due at once. Returns how many deliveries it queued.
    public func queueDeliveries(now: Int64) throws -> Int {
        let active = try hooks().filter { $0.hook.removedAt == nil }.map(\.hook)
        return try write { db in
            guard !active.isEmpty else { return 0 }
            var cursor: Int64 = 0
            if case .integer(let v)? = try db.scalar("SELECT notice_id FROM hook_cursor WHERE id = 1") { cursor = v }
            var queued = 0
            while true {
                let notices = try Self.notices(db, after: cursor, limit: 1000)
                guard let last = notices.last?.id else { break }
                for n in notices {
                    for h in active where h.wants(n) {
                        try db.execute("INSERT OR IGNORE INTO hook_delivery(hook_id, notice_id, next_at_epoch) VALUES (?, ?, ?)", [h.id, n.id, now])
                        queued += 1
                    }
                }
                cursor = last
            }
            try db.execute("INSERT INTO hook_cursor(id, notice_id) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET notice_id = excluded.notice_id", [cursor])
            return queued
        }
    }

    /// Deliveries due at `now`, oldest first, claimed until `until`.
    public func claimDueDeliveries(now: Int64, limit: Int, until: Int64) throws -> [Webhook.Delivery] {
        try write { db in
            let due = try db.query("\(Self.deliverySelect) WHERE state = 'pending' AND next_at_epoch <= ? ORDER BY next_at_epoch, id LIMIT ?",
                                   [now, limit], Self.delivery(from:))
            for d in due { try db.execute("UPDATE hook_delivery SET next_at_epoch = ? WHERE id = ?", [until, d.id]) }
            return due
        }
    }

    /// Records one attempt: delivered, or failed with the next try at `retryAt` (nil: given up).
    public func recordAttempt(delivery id: Int64, at: Timestamp, status: Int?, error: String?, delivered: Bool, retryAt: Int64?) throws {
        try write { db in
            let state = delivered ? "delivered" : (retryAt == nil ? "failed" : "pending")
            try db.execute("""
                UPDATE hook_delivery SET attempts = attempts + 1, state = ?, next_at_epoch = coalesce(?, next_at_epoch),
                    last_status = ?, last_error = ?, delivered_at = ? WHERE id = ?
                """, [state, retryAt ?? DatabaseValue.null, status ?? DatabaseValue.null, error ?? DatabaseValue.null,
                      delivered ? at.description : DatabaseValue.null, id])
        }
    }

    /// The delivery log, newest first.
    public func deliveries(hook: String? = nil, limit: Int = 100) throws -> [Webhook.Delivery] {
        try read { db in
            try db.query("\(Self.deliverySelect) WHERE (? IS NULL OR hook_id = ?) ORDER BY id DESC LIMIT ?",
                         [hook ?? DatabaseValue.null, hook ?? DatabaseValue.null, limit], Self.delivery(from:))
        }
    }

    /// One notice by id.
    public func notice(id: Int64) throws -> DeskNotice? { try notices(after: id - 1, limit: 1).first { $0.id == id } }

    static let deliverySelect = "SELECT id, hook_id, notice_id, attempts, state, next_at_epoch, last_status, last_error, delivered_at FROM hook_delivery"

    static func delivery(from s: Statement) -> Webhook.Delivery {
        Webhook.Delivery(id: Int64(s.int(0) ?? 0), hook: s.string(1) ?? "", notice: Int64(s.int(2) ?? 0), attempts: s.int(3) ?? 0,
                         state: Webhook.Delivery.State(rawValue: s.string(4) ?? "") ?? .pending, nextAt: Int64(s.int(5) ?? 0),
                         lastStatus: s.int(6), lastError: s.string(7), deliveredAt: timestamp(s.string(8)))
    }
}
