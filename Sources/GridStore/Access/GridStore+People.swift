import GridModel
import GridService

/// People who sign in to the desk, and their sessions. Passwords are kept as bcrypt hashes,
/// sessions by the SHA-256 of the cookie's value; every change to an account is audited in the
/// same transaction.
extension GridStore {

    /// Stores a new account and audits it; false when the name is taken.
    public func insertUser(_ u: UserAccount, passwordHash: String, by actor: String) throws -> Bool {
        try write { db in
            if try db.scalar("SELECT 1 FROM user_account WHERE name = ?", [u.name]) != nil { return false }
            try db.execute("""
                INSERT INTO user_account(name, role, area_id, unit_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)
                """, [u.name, u.role.rawValue, u.area ?? DatabaseValue.null, u.unit ?? DatabaseValue.null, passwordHash, u.createdAt.description])
            try Self.audit(db, at: u.createdAt, actor: actor, action: "user.add", target: u.name,
                           detail: "role=\(u.role.rawValue)" + (u.scope.map { " " + $0 } ?? ""))
            return true
        }
    }

    /// Every account, by name.
    public func users() throws -> [UserAccount] {
        try read { db in try db.query("SELECT \(Self.userColumns) FROM user_account ORDER BY name", [], Self.user(from:)).map(\.account) }
    }

    /// One account with its hash and second-factor secret, or nil.
    public func storedUser(name: String) throws -> StoredUser? {
        try read { db in try db.query("SELECT \(Self.userColumns) FROM user_account WHERE name = ?", [name], Self.user(from:)).first }
    }

    /// Changes an account (password, disabled, second factor) and audits it; a new generation
    /// ends the sessions opened before. False when there is no such account.
    public func updateUser(name: String, at: Timestamp, by actor: String, action: String, detail: String? = nil,
                           passwordHash: String? = nil, disabled: Bool? = nil, totpSecret: String?? = nil) throws -> Bool {
        try write { db in
            var sets = ["generation = generation + 1", "failed_attempts = 0", "locked_until = NULL"]
            var arguments: [any DatabaseValueConvertible] = []
            if let passwordHash { sets.append("password_hash = ?"); arguments.append(passwordHash) }
            if let disabled { sets.append("disabled_at = ?"); arguments.append(disabled ? at.description : DatabaseValue.null) }
            if let totpSecret { sets.append("totp_secret = ?"); arguments.append(totpSecret ?? DatabaseValue.null) }
            try db.execute("UPDATE user_account SET \(sets.joined(separator: ", ")) WHERE name = ?", arguments + [name])
            guard case .integer(let n)? = try db.scalar("SELECT changes()"), n > 0 else { return false }
            try Self.audit(db, at: at, actor: actor, action: action, target: name, detail: detail)
            return true
        }
    }

    /// A wrong password (or code): counts it, locks the account when `lockUntil` is given, and
    /// audits both with the origin. Returns the failures in a row so far.
    public func recordSignInFailure(name: String, at: Timestamp, origin: String?, reason: String, lockUntil: (Int) -> Timestamp?) throws -> Int {
        try write { db in
            try db.execute("UPDATE user_account SET failed_attempts = failed_attempts + 1 WHERE name = ?", [name])
            var failures = 0
            if case .integer(let n)? = try db.scalar("SELECT failed_attempts FROM user_account WHERE name = ?", [name]) { failures = Int(n) }
            try Self.audit(db, at: at, actor: name, action: "signin.failure", target: name, origin: origin, detail: reason)
            if let until = lockUntil(failures) {
                try db.execute("UPDATE user_account SET locked_until = ?, failed_attempts = 0 WHERE name = ?", [until.description, name])
                try Self.audit(db, at: at, actor: name, action: "user.lock", target: name, origin: origin,
                               detail: "\(failures) failures in a row; locked until \(until)")
            }
            return failures
        }
    }

    /// A sign-in or sign-out (or a refusal that is not a wrong password: locked, disabled),
    /// audited with the origin; a sign-in clears the failures.
    public func recordSignIn(name: String, at: Timestamp, origin: String?, action: String, detail: String? = nil) throws {
        try write { db in
            if action == "signin" { try db.execute("UPDATE user_account SET failed_attempts = 0 WHERE name = ?", [name]) }
            try Self.audit(db, at: at, actor: name, action: action, target: name, origin: origin, detail: detail)
        }
    }

    /// Changes with every account added or changed: what cached accounts follow.
    public func userChangeStamp() throws -> Int64 {
        try read { db in
            guard case .integer(let v)? = try db.scalar("SELECT coalesce(sum(generation), 0) * 65536 + count(*) FROM user_account") else { return 0 }
            return v
        }
    }

    static let userColumns = "name, role, area_id, unit_id, created_at, disabled_at, totp_secret, failed_attempts, locked_until, generation, password_hash"

    private static func user(from s: Statement) -> StoredUser {
        let secret = s.string(6)
        let account = UserAccount(name: s.string(0) ?? "", role: Role(rawValue: s.string(1) ?? "") ?? .planner, area: s.string(2),
                                  unit: s.string(3), createdAt: timestamp(s.string(4)) ?? Timestamp(seconds: 0),
                                  disabledAt: timestamp(s.string(5)), hasSecondFactor: secret != nil,
                                  failedAttempts: s.int(7) ?? 0, lockedUntil: timestamp(s.string(8)), generation: s.int(9) ?? 0)
        return StoredUser(account: account, passwordHash: s.string(10) ?? "", totpSecret: secret)
    }

    // MARK: sessions

    /// Stores (or replaces) a session's value.
    public func putSession(idSHA256: String, value: String, idleUntil: Int64, expires: Int64) throws {
        try write { db in
            try db.execute("""
                INSERT INTO desk_session(id_sha256, value, idle_until_epoch, expires_epoch) VALUES (?, ?, ?, ?)
                ON CONFLICT(id_sha256) DO UPDATE SET value = excluded.value, idle_until_epoch = excluded.idle_until_epoch,
                expires_epoch = excluded.expires_epoch
                """, [idSHA256, value, idleUntil, expires])
        }
    }

    /// A session's value and its two ends (idle, absolute), or nil.
    public func session(idSHA256: String) throws -> (value: String, idleUntil: Int64, expires: Int64)? {
        try read { db in
            try db.query("SELECT value, idle_until_epoch, expires_epoch FROM desk_session WHERE id_sha256 = ?", [idSHA256]) {
                (value: $0.string(0) ?? "", idleUntil: Int64($0.int(1) ?? 0), expires: Int64($0.int(2) ?? 0))
            }.first
        }
    }

    /// Moves a session's idle end on (a request arrived).
    public func touchSession(idSHA256: String, idleUntil: Int64) throws {
        try write { db in try db.execute("UPDATE desk_session SET idle_until_epoch = ? WHERE id_sha256 = ?", [idleUntil, idSHA256]) }
    }

    /// Ends a session, and every session past its end at `now`.
    public func removeSession(idSHA256: String, now: Int64) throws {
        try write { db in
            try db.execute("DELETE FROM desk_session WHERE id_sha256 = ? OR idle_until_epoch < ? OR expires_epoch < ?", [idSHA256, now, now])
        }
    }
}
