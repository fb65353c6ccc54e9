import GridModel

/// An account with what signing in checks against.
public struct StoredUser: Sendable {
    public var account: UserAccount
    public var passwordHash: String
    public var totpSecret: String?

    public init(account: UserAccount, passwordHash: String, totpSecret: String?) {
        self.account = account
        self.passwordHash = passwordHash
        self.totpSecret = totpSecret
    }
}
