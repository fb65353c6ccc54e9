import GridModel
import GridService

/// API tokens and the audit log. Tokens are kept as the SHA-256 of their secret; every change
/// to them is audited in the same transaction.
extension GridStore {
    /// Stores a new token (by its secret's hash) and audits it.
    public func insertToken(_ token: ApiToken, secretSHA256: String, by actor: String) throws {
        try write { db in
            try db.execute("""
                INSERT INTO api_token(id, secret_sha256, role, area_id, unit_id, label, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [token.id, secretSHA256, token.role.rawValue, token.area ?? DatabaseValue.null, token.unit ?? DatabaseValue.null,
                      token.label ?? DatabaseValue.null, token.createdAt.description])
            try Self.audit(db, at: token.createdAt, actor: actor, action: "token.create", target: token.id,
                           detail: "role=\(token.role.rawValue)" + (token.scope.map { " " + $0 } ?? ""))
        }
    }

    /// Revokes a token; false when there is no such active token.
    public func revokeToken(id: String, at: Timestamp, by actor: String) throws -> Bool {
        try write { db in
            try db.execute("UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [at.description, id])
            guard case .integer(let n)? = try db.scalar("SELECT changes()"), n > 0 else { return false }
            try Self.audit(db, at: at, actor: actor, action: "token.revoke", target: id, detail: nil)
            return true
        }
    }

    /// Every token, newest first (revoked ones too).
    public func tokens() throws -> [ApiToken] {
        try read { db in
            try db.query("SELECT id, role, area_id, unit_id, label, created_at, revoked_at FROM api_token ORDER BY created_at DESC, id",
                         [], Self.token(from:))
        }
    }

    /// The active tokens by their secret's SHA-256.
    public func activeTokensBySecretHash() throws -> [String: ApiToken] {
        try read { db in
            let rows = try db.query("""
                SELECT id, role, area_id, unit_id, label, created_at, revoked_at, secret_sha256 FROM api_token
                WHERE revoked_at IS NULL
                """, []) { (hash: $0.string(7) ?? "", token: Self.token(from: $0)) }
            return Dictionary(rows.map { ($0.hash, $0.token) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Changes with every token created or revoked.
    public func tokenChangeStamp() throws -> Int64 {
        try read { db in
            guard case .integer(let v)? = try db.scalar("SELECT coalesce(max(rowid), 0) * 1048576 + count(revoked_at) FROM api_token") else { return 0 }
            return v
        }
    }

    private static func token(from s: Statement) -> ApiToken {
        ApiToken(id: s.string(0) ?? "", role: Role(rawValue: s.string(1) ?? "") ?? .planner, area: s.string(2), unit: s.string(3),
                 label: s.string(4), createdAt: timestamp(s.string(5)) ?? Timestamp(seconds: 0), revokedAt: timestamp(s.string(6)))
    }

    /// One audit entry, inside the caller's transaction.
    static func audit(_ db: Database, at: Timestamp, actor: String, action: String, target: String?, origin: String? = nil,
                      detail: String?) throws {
        try db.execute("INSERT INTO audit_log(at, at_epoch, actor, action, target, origin, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [at.description, at.seconds, actor, action, target ?? DatabaseValue.null, origin ?? DatabaseValue.null,
                        detail ?? DatabaseValue.null])
    }

    /// Records a read of unmasked personal data (or any other entry that is not part of a write).
    public func recordAudit(at: Timestamp, actor: String, action: String, target: String?, origin: String?, detail: String?) throws {
        try write { db in try Self.audit(db, at: at, actor: actor, action: action, target: target, origin: origin, detail: detail) }
    }


    /// Audit entries since a time and/or by an actor, oldest first.
    public func auditEntries(since: Timestamp? = nil, actor: String? = nil) throws -> [AuditEntry] {
        var conditions = ["1"]
        var arguments: [any DatabaseValueConvertible] = []
        if let since { conditions.append("at_epoch >= ?"); arguments.append(since.seconds) }
        if let actor { conditions.append("actor = ?"); arguments.append(actor) }
        return try read { db in
            try db.query("SELECT at, actor, action, target, origin, detail FROM audit_log WHERE \(conditions.joined(separator: " AND ")) ORDER BY id",
                         arguments) { s in
                AuditEntry(at: Self.timestamp(s.string(0)) ?? Timestamp(seconds: 0), actor: s.string(1) ?? "", action: s.string(2) ?? "",
                           target: s.string(3), origin: s.string(4), detail: s.string(5))
            }
        }
    }
}
