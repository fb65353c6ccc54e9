import GridModel

/// API tokens, people's accounts and sessions, and the audit log. Every change to a token or an
/// account is audited in the same transaction.
public protocol AccessStore: AnyObject, Sendable {
    func insertToken(_ token: ApiToken, secretSHA256: String, by actor: String) throws
    func revokeToken(id: String, at: Timestamp, by actor: String) throws -> Bool
    func tokens() throws -> [ApiToken]
    func activeTokensBySecretHash() throws -> [String: ApiToken]
    func tokenChangeStamp() throws -> Int64

    func recordAudit(at: Timestamp, actor: String, action: String, target: String?, origin: String?, detail: String?) throws
    func auditEntries(since: Timestamp?, actor: String?) throws -> [AuditEntry]

    /// False when the name is taken.
    func insertUser(_ u: UserAccount, passwordHash: String, by actor: String) throws -> Bool
    func users() throws -> [UserAccount]
    func storedUser(name: String) throws -> StoredUser?
    /// Changes an account (a nil argument leaves that part); a new generation ends older sessions.
    func updateUser(name: String, at: Timestamp, by actor: String, action: String, detail: String?,
                    passwordHash: String?, disabled: Bool?, totpSecret: String??) throws -> Bool
    /// Counts a failure, locks when `lockUntil` says so; returns the failures in a row.
    func recordSignInFailure(name: String, at: Timestamp, origin: String?, reason: String, lockUntil: (Int) -> Timestamp?) throws -> Int
    func recordSignIn(name: String, at: Timestamp, origin: String?, action: String, detail: String?) throws
    func userChangeStamp() throws -> Int64

    func putSession(idSHA256: String, value: String, idleUntil: Int64, expires: Int64) throws
    func session(idSHA256: String) throws -> (value: String, idleUntil: Int64, expires: Int64)?
    func touchSession(idSHA256: String, idleUntil: Int64) throws
    func removeSession(idSHA256: String, now: Int64) throws
}
