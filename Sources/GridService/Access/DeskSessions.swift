import GridModel

/// The desk's sessions in the store: kept by the SHA-256 of the cookie's value (a copy of the
/// database opens none), ended after `SignInPolicy.idleSeconds` without a request and at the
/// latest `maxSeconds` after sign-in. What the HTTP layer's session driver calls.
public struct DeskSessions: Sendable {
    let store: any WanggeStore
    public let policy: SignInPolicy

    public init(store: any WanggeStore, policy: SignInPolicy = SignInPolicy()) {
        self.store = store
        self.policy = policy
    }

    /// Stores a session under the cookie's value; `lifetime` (seconds) caps it below the policy's maximum.
    public func save(id: String, value: String, lifetime: Int64?, at now: Timestamp) throws {
        let key = Digests.sha256(id)
        let expires = try store.session(idSHA256: key)?.expires ?? now.seconds + min(lifetime ?? policy.maxSeconds, policy.maxSeconds)
        try store.putSession(idSHA256: key, value: value, idleUntil: min(now.seconds + policy.idleSeconds, expires), expires: expires)
    }

    /// A live session's value and the seconds it has left, or nil (unknown, idle too long, or
    /// past its end). Reading it counts as a request: the idle end moves on (written at most
    /// once a minute, so that a busy page does not write on every request).
    public func load(id: String, at now: Timestamp) throws -> (value: String, secondsLeft: Int64)? {
        let key = Digests.sha256(id)
        guard let s = try store.session(idSHA256: key) else { return nil }
        guard now.seconds <= s.idleUntil, now.seconds <= s.expires else {
            try store.removeSession(idSHA256: key, now: now.seconds)
            return nil
        }
        let idleUntil = min(now.seconds + policy.idleSeconds, s.expires)
        if idleUntil - s.idleUntil >= 60 { try store.touchSession(idSHA256: key, idleUntil: idleUntil) }
        return (s.value, s.expires - now.seconds)
    }

    /// Ends a session (and sweeps those past their end).
    public func remove(id: String, at now: Timestamp) throws {
        try store.removeSession(idSHA256: Digests.sha256(id), now: now.seconds)
    }
}
