import GridModel
import GridService

/// People who sign in to the desk, and their sessions, as the SQLite store keeps them.
extension PostgresStore {
    public func insertUser(_ u: UserAccount, passwordHash: String, by actor: String) throws -> Bool {
        try write { s in
            let inserted = try s.query("""
                INSERT INTO user_account(name, role, area_id, unit_id, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (name) DO NOTHING RETURNING name
                """, [u.name, u.role.rawValue, u.area, u.unit, passwordHash, u.createdAt.description])
            guard !inserted.isEmpty else { return false }
            try Self.audit(s, at: u.createdAt, actor: actor, action: "user.add", target: u.name,
                           detail: "role=\(u.role.rawValue)" + (u.scope.map { " " + $0 } ?? ""))
            return true
        }
    }

    public func users() throws -> [UserAccount] {
        try read { s in try s.query("SELECT \(Self.userColumns) FROM user_account ORDER BY name", [], Self.user(from:)).map(\.account) }
    }

    public func storedUser(name: String) throws -> StoredUser? {
        try read { s in try s.query("SELECT \(Self.userColumns) FROM user_account WHERE name = $1", [name], Self.user(from:)).first }
    }

    public func updateUser(name: String, at: Timestamp, by actor: String, action: String, detail: String?,
                           passwordHash: String?, disabled: Bool?, totpSecret: String??) throws -> Bool {
        try write { s in
            var sets = ["generation = generation + 1", "failed_attempts = 0", "locked_until = NULL"]
            var arguments: [any SQLArgument] = []
            func set(_ column: String, _ value: any SQLArgument) {
                arguments.append(value)
                sets.append("\(column) = $\(arguments.count)")
            }
            if let passwordHash { set("password_hash", passwordHash) }
            if let disabled { set("disabled_at", disabled ? at.description : nil) }
            if let totpSecret { set("totp_secret", totpSecret) }
            arguments.append(name)
            let changed = try s.query("UPDATE user_account SET \(sets.joined(separator: ", ")) WHERE name = $\(arguments.count) RETURNING name", arguments)
            guard !changed.isEmpty else { return false }
            try Self.audit(s, at: at, actor: actor, action: action, target: name, detail: detail)
            return true
        }
    }

    public func recordSignInFailure(name: String, at: Timestamp, origin: String?, reason: String, lockUntil: (Int) -> Timestamp?) throws -> Int {
        try write { s in
            let failures = try s.query("""
                UPDATE user_account SET failed_attempts = failed_attempts + 1 WHERE name = $1 RETURNING failed_attempts
                """, [name]).first?.int(0) ?? 0
            try Self.audit(s, at: at, actor: name, action: "signin.failure", target: name, origin: origin, detail: reason)
            if let until = lockUntil(failures) {
                try s.execute("UPDATE user_account SET locked_until = $1, failed_attempts = 0 WHERE name = $2", [until.description, name])
                try Self.audit(s, at: at, actor: name, action: "user.lock", target: name, origin: origin,
                               detail: "\(failures) failures in a row; locked until \(until)")
            }
            return failures
        }
    }

    public func recordSignIn(name: String, at: Timestamp, origin: String?, action: String, detail: String?) throws {
        try write { s in
            if action == "signin" { try s.execute("UPDATE user_account SET failed_attempts = 0 WHERE name = $1", [name]) }
            try Self.audit(s, at: at, actor: name, action: action, target: name, origin: origin, detail: detail)
        }
    }

    public func userChangeStamp() throws -> Int64 {
        try read { s in try s.query("SELECT coalesce(sum(generation), 0)::bigint * 65536 + count(*) FROM user_account").first?.int64(0) ?? 0 }
    }

    static let userColumns = "name, role, area_id, unit_id, created_at, disabled_at, totp_secret, failed_attempts, locked_until, generation, password_hash"

    private static func user(from r: SQLRow) -> StoredUser {
        let secret = r.string(6)
        let account = UserAccount(name: r.string(0) ?? "", role: Role(rawValue: r.string(1) ?? "") ?? .planner, area: r.string(2),
                                  unit: r.string(3), createdAt: timestamp(r.string(4)) ?? Timestamp(seconds: 0),
                                  disabledAt: timestamp(r.string(5)), hasSecondFactor: secret != nil,
                                  failedAttempts: r.int(7) ?? 0, lockedUntil: timestamp(r.string(8)), generation: r.int(9) ?? 0)
        return StoredUser(account: account, passwordHash: r.string(10) ?? "", totpSecret: secret)
    }

    // MARK: sessions

    public func putSession(idSHA256: String, value: String, idleUntil: Int64, expires: Int64) throws {
        try write { s in
            try s.execute("""
                INSERT INTO desk_session(id_sha256, value, idle_until_epoch, expires_epoch) VALUES ($1, $2, $3, $4)
                ON CONFLICT (id_sha256) DO UPDATE SET value = excluded.value, idle_until_epoch = excluded.idle_until_epoch,
                expires_epoch = excluded.expires_epoch
                """, [idSHA256, value, idleUntil, expires])
        }
    }

    public func session(idSHA256: String) throws -> (value: String, idleUntil: Int64, expires: Int64)? {
        try read { s in
            try s.query("SELECT value, idle_until_epoch, expires_epoch FROM desk_session WHERE id_sha256 = $1", [idSHA256]) {
                (value: $0.string(0) ?? "", idleUntil: $0.int64(1) ?? 0, expires: $0.int64(2) ?? 0)
            }.first
        }
    }

    public func touchSession(idSHA256: String, idleUntil: Int64) throws {
        try write { s in try s.execute("UPDATE desk_session SET idle_until_epoch = $1 WHERE id_sha256 = $2", [idleUntil, idSHA256]) }
    }

    public func removeSession(idSHA256: String, now: Int64) throws {
        try write { s in
            try s.execute("DELETE FROM desk_session WHERE id_sha256 = $1 OR idle_until_epoch < $2 OR expires_epoch < $2", [idSHA256, now])
        }
    }
}
