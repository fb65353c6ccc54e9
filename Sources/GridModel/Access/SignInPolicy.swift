/// How people's sign-in resists guessing and how long a desk session lasts: the one home of
/// these numbers (the README's "Sign-in" quotes them).
public struct SignInPolicy: Sendable, Equatable {
    /// Wrong passwords in a row before the account locks.
    public var maxFailures = 5
    /// How long a locked account stays locked.
    public var lockSeconds: Int64 = 15 * 60
    /// A session ends after this long without a request…
    public var idleSeconds: Int64 = 30 * 60
    /// …and at the latest this long after sign-in (a working day and a half).
    public var maxSeconds: Int64 = 12 * 3600
    /// bcrypt's cost: 2^12 rounds, about a quarter of a second per check on one core.
    public var bcryptCost: UInt8 = 12
    /// The roles that must use a second factor when the server requires one (they see
    /// personal data: admins and dispatchers).
    public var secondFactorRoles: Set<Role> = [.admin, .dispatcher]
    /// Whether `secondFactorRoles` must sign in with TOTP (`wangge serve --require-totp`).
    public var requireSecondFactor = false

    public init() {}

    /// How long to hold the answer to a sign-in for an account with `failures` wrong passwords
    /// in a row: nothing at first, then doubling from ½ s to 8 s, so that guessing is slow even
    /// before the lock.
    public func delayMilliseconds(afterFailures failures: Int) -> Int {
        failures <= 0 ? 0 : min(8000, 500 << min(failures - 1, 4))
    }

    /// Whether `account` must give a TOTP code to sign in.
    public func needsSecondFactor(_ account: UserAccount) -> Bool {
        account.hasSecondFactor || (requireSecondFactor && secondFactorRoles.contains(account.role))
    }
}
