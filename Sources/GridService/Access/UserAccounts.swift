import GridGeo
import GridModel
import HummingbirdBcrypt

/// People's accounts for the desk: created and changed by admins at the CLI, checked at sign-in
/// with bcrypt, a lock after repeated wrong passwords and an optional TOTP code. Every change,
/// sign-in, refusal and sign-out is audited with the origin.
public struct UserAccounts: Sendable {
    let store: any WanggeStore
    public let policy: SignInPolicy
    /// The accounts by name, for the lookup every signed-in request makes; a change in another
    /// process (`wangge user disable`) shows within a quarter of a second.
    private let cached: StoreSnapshot<[String: UserAccount]>

    public init(store: any WanggeStore, policy: SignInPolicy = SignInPolicy()) {
        self.store = store
        self.policy = policy
        cached = StoreSnapshot(store: store, recheckSeconds: 0.25, following: .users) { store in
            Dictionary(try store.users().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Why an account cannot be created or changed as asked.
    public typealias Refusal = AccessTokens.Refusal

    /// The shortest password accepted.
    public static let minimumPasswordLength = 8

    /// Creates an account with a bcrypt hash of `password` (cost `policy.bcryptCost`).
    public func add(name: String, role: Role, area: String? = nil, unit: String? = nil, password: String,
                    by actor: String, at now: Timestamp) throws -> UserAccount {
        if let problem = UserAccount.problem(withName: name) { throw Refusal(description: problem) }
        try AccessTokens.checkScope(role: role, area: area, unit: unit, of: "user", store: store)
        try Self.check(password: password, name: name)
        let account = UserAccount(name: name, role: role, area: area, unit: unit, createdAt: now)
        guard try store.insertUser(account, passwordHash: Bcrypt.hash(password, cost: policy.bcryptCost), by: actor) else {
            throw Refusal(description: "there is already a user '\(name)'")
        }
        cached.expire()
        return account
    }

    /// Every account, by name.
    public func list() throws -> [UserAccount] { try store.users() }

    /// The account a session names, if it may still work: it exists, is not disabled and its
    /// credentials have not changed since the session began (`generation`).
    public func activeAccount(name: String, generation: Int) throws -> UserAccount? {
        guard let a = try cached.current()[name], a.disabledAt == nil, a.generation == generation else { return nil }
        return a
    }

    /// Sets a new password; the account's sessions end and a lock is lifted.
    public func setPassword(name: String, password: String, by actor: String, at now: Timestamp) throws {
        try Self.check(password: password, name: name)
        try change(name, at: now, by: actor, action: "user.password", passwordHash: Bcrypt.hash(password, cost: policy.bcryptCost))
    }

    /// Disables (or enables again) an account; disabling ends its sessions.
    public func setDisabled(name: String, _ disabled: Bool, by actor: String, at now: Timestamp) throws {
        try change(name, at: now, by: actor, action: disabled ? "user.disable" : "user.enable", disabled: disabled)
    }

    /// Lifts a lock before its time (an admin who knows the person).
    public func unlock(name: String, by actor: String, at now: Timestamp) throws {
        try change(name, at: now, by: actor, action: "user.unlock")
    }

    /// Enrols a TOTP second factor with `secret` (nil removes it).
    public func setSecondFactor(name: String, secret: String?, by actor: String, at now: Timestamp) throws {
        try change(name, at: now, by: actor, action: secret == nil ? "user.totp_remove" : "user.totp", totpSecret: .some(secret))
    }

    private func change(_ name: String, at now: Timestamp, by actor: String, action: String, passwordHash: String? = nil,
                        disabled: Bool? = nil, totpSecret: String?? = nil) throws {
        guard try store.updateUser(name: name, at: now, by: actor, action: action, detail: nil, passwordHash: passwordHash, disabled: disabled,
                                   totpSecret: totpSecret) else {
            throw Refusal(description: "no user '\(name)' (wangge user list shows them)")
        }
        cached.expire()
    }

    static func check(password: String, name: String) throws {
        if password.count < minimumPasswordLength {
            throw Refusal(description: "a password has at least \(minimumPasswordLength) characters")
        }
        if name.count >= 3, password.lowercased().contains(name.lowercased()) { throw Refusal(description: "the password may not contain the user name") }
        if password.utf8.count > 72 { throw Refusal(description: "bcrypt reads 72 bytes of a password at most; choose a shorter one") }
    }

    /// One person per role for trying the desk on the demo data (`demo-dispatcher` …), with the
    /// scopes of the demo tokens; made, or reset (enabled, a fresh password) when already there.
    /// - Returns: each account with its new password (shown once).
    public func createDemoSet(by actor: String, at now: Timestamp) throws -> [(account: UserAccount, password: String)] {
        let existing = Set(try list().map(\.name))
        let scopes = try AccessTokens(store: store).demoScopes()
        var rng = SystemRandomNumberGenerator()
        return try Role.allCases.compactMap { role in
            guard let scope = scopes[role] else { return nil }
            let name = "demo-" + String(role.rawValue.map { $0 == "_" ? "-" : $0 })
            let password = "wg-" + String(rng.hex(words: 1).prefix(12))
            if existing.contains(name) {
                try setPassword(name: name, password: password, by: actor, at: now)
                try setDisabled(name: name, false, by: actor, at: now)
                return (try list().first { $0.name == name }!, password)
            }
            return (try add(name: name, role: role, area: scope.area, unit: scope.unit, password: password, by: actor, at: now), password)
        }
    }

    // MARK: signing in

    /// What a sign-in came to.
    public enum SignIn: Sendable, Equatable {
        case signedIn(UserAccount)
        /// Wrong name or password (or code): the same answer for both, so that names cannot be
        /// probed. `failures` are the account's wrong attempts in a row (0 for an unknown name).
        case refused(failures: Int)
        /// Too many wrong passwords: locked until then.
        case locked(until: Timestamp)
        case disabled
        /// The password was right; the account needs a TOTP code, and none was given.
        case needsCode
        /// The server requires a second factor of this role, and the account has none enrolled.
        case needsEnrolment
    }

    /// Checks a name, password and code. Slow on purpose (bcrypt), also for an unknown name.
    /// - Parameter codeMatches: whether a code is right for a TOTP secret now (the HTTP layer
    ///   computes it with HummingbirdOTP).
    public func signIn(name: String, password: String, code: String?, origin: String?, at now: Timestamp,
                       codeMatches: (_ secret: String, _ code: String) -> Bool) throws -> SignIn {
        guard let stored = try store.storedUser(name: name) else {
            _ = Bcrypt.verify(password, hash: Self.unknownUserHash)
            try store.recordAudit(at: now, actor: "anonymous", action: "signin.failure", target: nil, origin: origin,
                                  detail: "unknown user name")
            return .refused(failures: 0)
        }
        let account = stored.account
        if account.disabledAt != nil {
            try store.recordSignIn(name: name, at: now, origin: origin, action: "signin.refused", detail: "account disabled")
            return .disabled
        }
        if let until = account.lockedUntil, account.isLocked(at: now) {
            try store.recordSignIn(name: name, at: now, origin: origin, action: "signin.refused", detail: "account locked until \(until)")
            return .locked(until: until)
        }
        let passwordRight = Bcrypt.verify(password, hash: stored.passwordHash)
        var reason = "wrong password"
        if passwordRight {
            if let secret = stored.totpSecret {
                guard let code, !code.isEmpty else { return .needsCode }
                if codeMatches(secret, code) {
                    return try signedIn(account, origin: origin, at: now)
                }
                reason = "wrong TOTP code"
            } else if policy.needsSecondFactor(account) {
                try store.recordSignIn(name: name, at: now, origin: origin, action: "signin.refused", detail: "second factor required, none enrolled")
                return .needsEnrolment
            } else {
                return try signedIn(account, origin: origin, at: now)
            }
        }
        let policy = policy
        let failures = try store.recordSignInFailure(name: name, at: now, origin: origin, reason: reason) { failures in
            failures >= policy.maxFailures ? Timestamp(seconds: now.seconds + policy.lockSeconds) : nil
        }
        cached.expire()
        if failures >= policy.maxFailures { return .locked(until: Timestamp(seconds: now.seconds + policy.lockSeconds)) }
        return .refused(failures: failures)
    }

    private func signedIn(_ account: UserAccount, origin: String?, at now: Timestamp) throws -> SignIn {
        try store.recordSignIn(name: account.name, at: now, origin: origin, action: "signin", detail: nil)
        cached.expire()
        var a = account
        a.failedAttempts = 0
        return .signedIn(a)
    }

    /// Audits a sign-out.
    public func signedOut(name: String, origin: String?, at now: Timestamp) throws {
        try store.recordSignIn(name: name, at: now, origin: origin, action: "signout", detail: nil)
    }

    /// A bcrypt hash of nothing anyone types, checked for unknown names so that they take as
    /// long as known ones.
    static let unknownUserHash: String = {
        var rng = SystemRandomNumberGenerator()
        return Bcrypt.hash(rng.hex(words: 3), cost: SignInPolicy().bcryptCost)
    }()
}
