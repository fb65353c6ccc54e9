import GridModel
import GridService

/// API tokens and the audit log, as the SQLite store keeps them: tokens by the SHA-256 of their
/// secret, every change audited in the same transaction.
extension PostgresStore {
    /// One audit entry, inside the caller's transaction.
    static func audit(_ s: PostgresSession, at: Timestamp, actor: String, action: String, target: String?, origin: String? = nil,
                      detail: String?) throws {
        try s.execute("INSERT INTO audit_log(at, at_epoch, actor, action, target, origin, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                      [at.description, at.seconds, actor, action, target, origin, detail])
    }

    public func insertToken(_ token: ApiToken, secretSHA256: String, by actor: String) throws {
        try write { s in
            try s.execute("""
                INSERT INTO api_token(id, secret_sha256, role, area_id, unit_id, label, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
                """, [token.id, secretSHA256, token.role.rawValue, token.area, token.unit, token.label, token.createdAt.description])
            try Self.audit(s, at: token.createdAt, actor: actor, action: "token.create", target: token.id,
                           detail: "role=\(token.role.rawValue)" + (token.scope.map { " " + $0 } ?? ""))
        }
    }

    public func revokeToken(id: String, at: Timestamp, by actor: String) throws -> Bool {
        try write { s in
            let revoked = try s.query("UPDATE api_token SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING id", [at.description, id])
            guard !revoked.isEmpty else { return false }
            try Self.audit(s, at: at, actor: actor, action: "token.revoke", target: id, detail: nil)
            return true
        }
    }

    public func tokens() throws -> [ApiToken] {
        try read { s in
            try s.query("SELECT id, role, area_id, unit_id, label, created_at, revoked_at FROM api_token ORDER BY created_at DESC, id", [], Self.token(from:))
        }
    }

    public func activeTokensBySecretHash() throws -> [String: ApiToken] {
        try read { s in
            let rows = try s.query("""
                SELECT id, role, area_id, unit_id, label, created_at, revoked_at, secret_sha256 FROM api_token WHERE revoked_at IS NULL
                """) { (hash: $0.string(7) ?? "", token: Self.token(from: $0)) }
            return Dictionary(rows.map { ($0.hash, $0.token) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Changes with every token created or revoked.
    public func tokenChangeStamp() throws -> Int64 {
        try read { s in try s.query("SELECT count(*) * 1048576 + count(revoked_at) FROM api_token").first?.int64(0) ?? 0 }
    }

    private static func token(from r: SQLRow) -> ApiToken {
        ApiToken(id: r.string(0) ?? "", role: Role(rawValue: r.string(1) ?? "") ?? .planner, area: r.string(2), unit: r.string(3),
                 label: r.string(4), createdAt: timestamp(r.string(5)) ?? Timestamp(seconds: 0), revokedAt: timestamp(r.string(6)))
    }

    public func recordAudit(at: Timestamp, actor: String, action: String, target: String?, origin: String?, detail: String?) throws {
        try write { s in try Self.audit(s, at: at, actor: actor, action: action, target: target, origin: origin, detail: detail) }
    }

    /// Audit entries since a time and/or by an actor, oldest first.
    public func auditEntries(since: Timestamp?, actor: String?) throws -> [AuditEntry] {
        try read { s in
            try s.query("""
                SELECT at, actor, action, target, origin, detail FROM audit_log
                WHERE ($1::bigint IS NULL OR at_epoch >= $1) AND ($2::text IS NULL OR actor = $2) ORDER BY id
                """, [since?.seconds, actor]) { r in
                AuditEntry(at: Self.timestamp(r.string(0)) ?? Timestamp(seconds: 0), actor: r.string(1) ?? "", action: r.string(2) ?? "",
                           target: r.string(3), origin: r.string(4), detail: r.string(5))
            }
        }
    }
}
