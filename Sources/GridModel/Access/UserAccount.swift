/// A person who signs in to the desk with a name and a password (API tokens stay for
/// machines). The account carries a role and scope from the same role table as tokens; the
/// password hash and the second factor's secret stay in the store and never reach this type.
public struct UserAccount: Sendable, Equatable {
    /// The sign-in name: what events and the audit log record as the actor.
    public var name: String
    public var role: Role
    public var area: String?
    public var unit: String?
    public var createdAt: Timestamp
    /// Set when an admin disables the account: no sign-in, and its sessions end.
    public var disabledAt: Timestamp?
    /// Whether a TOTP second factor is enrolled.
    public var hasSecondFactor: Bool
    /// Wrong passwords since the last sign-in; the account locks at `SignInPolicy.maxFailures`.
    public var failedAttempts: Int
    public var lockedUntil: Timestamp?
    /// Bumped with every password change, disabling or second-factor change: sessions carry the
    /// generation they were opened under and end when it moves on.
    public var generation: Int

    public init(name: String, role: Role, area: String? = nil, unit: String? = nil, createdAt: Timestamp,
                disabledAt: Timestamp? = nil, hasSecondFactor: Bool = false, failedAttempts: Int = 0,
                lockedUntil: Timestamp? = nil, generation: Int = 0) {
        self.name = name
        self.role = role
        self.area = area
        self.unit = unit
        self.createdAt = createdAt
        self.disabledAt = disabledAt
        self.hasSecondFactor = hasSecondFactor
        self.failedAttempts = failedAttempts
        self.lockedUntil = lockedUntil
        self.generation = generation
    }

    /// The scope as lists show it: `unit=U-D`, `area=G1`, or nil.
    public var scope: String? { unit.map { "unit=\($0)" } ?? area.map { "area=\($0)" } }

    /// Whether the account is locked at `now` after too many wrong passwords.
    public func isLocked(at now: Timestamp) -> Bool { lockedUntil.map { $0 > now } ?? false }

    /// Why `name` cannot name an account, or nil: 2–32 letters (Chinese included), digits, `.`,
    /// `_` or `-`, not starting like a token id (`wg_`) or a name Wangge writes itself.
    public static func problem(withName name: String) -> String? {
        let count = name.count
        if count < 2 || count > 32 { return "a user name has 2 to 32 characters (got \(count))" }
        let allowed = name.unicodeScalars.allSatisfy { s in
            (s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || "._-".unicodeScalars.contains(s)))
                || (s.value >= 0x4E00 && s.value <= 0x9FFF) || s.value == 0x00B7
        }
        if !allowed { return "'\(name)' may hold letters, Chinese characters, digits, '.', '_' and '-' only" }
        if name.lowercased().hasPrefix("wg_") { return "a user name may not start with 'wg_' (token ids do)" }
        if ["anonymous", "desk", "system", "wangge"].contains(name.lowercased()) { return "'\(name)' is reserved" }
        return nil
    }
}
