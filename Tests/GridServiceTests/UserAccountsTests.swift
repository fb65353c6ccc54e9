import GridModel
import GridService
import GridStore
import GridTestSupport
import HummingbirdBcrypt
import Testing

/// People's accounts and desk sessions against a real store: what is stored (a bcrypt hash,
/// never the password), what a sign-in comes to, when a session ends.
@Suite struct UserAccountsTests {
    static let cheap: SignInPolicy = {
        var p = SignInPolicy()
        p.bcryptCost = 4
        return p
    }()
    static let t0 = Timestamp(seconds: 1_780_000_000)
    static let noCode: @Sendable (String, String) -> Bool = { _, _ in false }

    @Test func anAccountKeepsABcryptHashAndTheRoleTable() throws {
        let dir = TemporaryDirectory()
        let (store, _) = try importedSmallDistrict(dir)
        let accounts = UserAccounts(store: store, policy: Self.cheap)
        _ = try accounts.add(name: "张三", role: .unit, unit: "U-D", password: "correct horse", by: "admin", at: Self.t0)
        let stored = try #require(try store.storedUser(name: "张三"))
        #expect(stored.passwordHash.hasPrefix("$2b$04$") && !stored.passwordHash.contains("correct"))
        #expect(Bcrypt.verify("correct horse", hash: stored.passwordHash))
        // The same checks as tokens: scope by role, names that exist.
        #expect(throws: UserAccounts.Refusal.self) { try accounts.add(name: "li", role: .unit, password: "long enough", by: "a", at: Self.t0) }
        #expect(throws: UserAccounts.Refusal.self) { try accounts.add(name: "li", role: .gridWorker, area: "NOPE", password: "long enough", by: "a", at: Self.t0) }
        #expect(throws: UserAccounts.Refusal.self) { try accounts.add(name: "li", role: .admin, password: "short", by: "a", at: Self.t0) }
        #expect(throws: UserAccounts.Refusal.self) { try accounts.add(name: "wg_abc", role: .admin, password: "long enough", by: "a", at: Self.t0) }
        #expect(throws: UserAccounts.Refusal.self) { try accounts.add(name: "张三", role: .admin, password: "long enough", by: "a", at: Self.t0) }
        #expect(try store.auditEntries(actor: "admin").map(\.action) == ["user.add"])
    }

    @Test func failuresSlowDownThenLockAndTheRightPasswordClearsThem() throws {
        let dir = TemporaryDirectory()
        let (store, _) = try importedSmallDistrict(dir)
        let accounts = UserAccounts(store: store, policy: Self.cheap)
        _ = try accounts.add(name: "op", role: .dispatcher, password: "Op-pass-2026", by: "admin", at: Self.t0)
        func signIn(_ password: String, at t: Timestamp = Self.t0) throws -> UserAccounts.SignIn {
            try accounts.signIn(name: "op", password: password, code: nil, origin: "10.0.0.7:5000", at: t, codeMatches: Self.noCode)
        }
        #expect(try signIn("wrong-1") == .refused(failures: 1))
        #expect(try signIn("wrong-2") == .refused(failures: 2))
        #expect(Self.cheap.delayMilliseconds(afterFailures: 1) == 500 && Self.cheap.delayMilliseconds(afterFailures: 2) == 1000)
        #expect(Self.cheap.delayMilliseconds(afterFailures: 10) == 8000 && Self.cheap.delayMilliseconds(afterFailures: 0) == 0)
        guard case .signedIn(let a) = try signIn("Op-pass-2026") else { Issue.record("the right password"); return }
        #expect(a.failedAttempts == 0)
        for k in 1...4 { #expect(try signIn("wrong-\(k)") == .refused(failures: k)) }
        let until = Timestamp(seconds: Self.t0.seconds + Self.cheap.lockSeconds)
        #expect(try signIn("wrong-5") == .locked(until: until))
        #expect(try signIn("Op-pass-2026") == .locked(until: until), "locked: even the right password waits")
        guard case .signedIn = try signIn("Op-pass-2026", at: Timestamp(seconds: until.seconds + 1)) else {
            Issue.record("the lock ends by itself"); return
        }
        let audited = try store.auditEntries(actor: "op")
        #expect(audited.contains { $0.action == "user.lock" && $0.origin == "10.0.0.7:5000" })
        #expect(audited.filter { $0.action == "signin" }.count == 2)
        #expect(try accounts.signIn(name: "ghost", password: "x", code: nil, origin: nil, at: Self.t0, codeMatches: Self.noCode) == .refused(failures: 0))
    }

    @Test func aSecondFactorIsAskedForAndCanBeRequiredByRole() throws {
        let dir = TemporaryDirectory()
        let (store, _) = try importedSmallDistrict(dir)
        var policy = Self.cheap
        policy.requireSecondFactor = true
        let accounts = UserAccounts(store: store, policy: policy)
        _ = try accounts.add(name: "admin1", role: .admin, password: "Admin-pass-1", by: "a", at: Self.t0)
        _ = try accounts.add(name: "insp", role: .inspector, password: "Watch-2026x", by: "a", at: Self.t0)
        #expect(try accounts.signIn(name: "admin1", password: "Admin-pass-1", code: nil, origin: nil, at: Self.t0, codeMatches: Self.noCode) == .needsEnrolment)
        guard case .signedIn = try accounts.signIn(name: "insp", password: "Watch-2026x", code: nil, origin: nil, at: Self.t0, codeMatches: Self.noCode) else {
            Issue.record("inspectors need no second factor by default"); return
        }
        try accounts.setSecondFactor(name: "admin1", secret: "SECRET", by: "a", at: Self.t0)
        let matches: (String, String) -> Bool = { secret, code in secret == "SECRET" && code == "123456" }
        #expect(try accounts.signIn(name: "admin1", password: "Admin-pass-1", code: nil, origin: nil, at: Self.t0, codeMatches: matches) == .needsCode)
        #expect(try accounts.signIn(name: "admin1", password: "Admin-pass-1", code: "654321", origin: nil, at: Self.t0, codeMatches: matches) == .refused(failures: 1))
        guard case .signedIn = try accounts.signIn(name: "admin1", password: "Admin-pass-1", code: "123456", origin: nil, at: Self.t0, codeMatches: matches) else {
            Issue.record("the right code"); return
        }
        // A wrong password with a right code is still a wrong password.
        #expect(try accounts.signIn(name: "admin1", password: "nope-nope", code: "123456", origin: nil, at: Self.t0, codeMatches: matches) == .refused(failures: 1))
    }

    @Test func aSessionEndsWhenIdleAtItsEndOrWhenTheAccountChanges() throws {
        let dir = TemporaryDirectory()
        let (store, _) = try importedSmallDistrict(dir)
        let sessions = DeskSessions(store: store, policy: Self.cheap)
        let t = Self.t0.seconds
        try sessions.save(id: "cookie-a", value: "{}", lifetime: nil, at: Self.t0)
        // Only the hash is kept.
        #expect(try store.session(idSHA256: "cookie-a") == nil)
        #expect(try sessions.load(id: "cookie-a", at: Timestamp(seconds: t + 29 * 60))?.value == "{}")
        // Each use moves the idle end on: 29 minutes later again it still lives…
        #expect(try sessions.load(id: "cookie-a", at: Timestamp(seconds: t + 58 * 60)) != nil)
        // …but 31 idle minutes end it, and it is gone from the store.
        #expect(try sessions.load(id: "cookie-a", at: Timestamp(seconds: t + 89 * 60 + 1)) == nil)
        #expect(try sessions.load(id: "cookie-a", at: Timestamp(seconds: t + 58 * 60 + 1)) == nil)
        // However busy, a session ends at its absolute end.
        try sessions.save(id: "cookie-b", value: "{}", lifetime: nil, at: Self.t0)
        var now = t
        while now + 20 * 60 < t + Self.cheap.maxSeconds {
            now += 20 * 60
            #expect(try sessions.load(id: "cookie-b", at: Timestamp(seconds: now)) != nil)
        }
        #expect(try sessions.load(id: "cookie-b", at: Timestamp(seconds: t + Self.cheap.maxSeconds + 1)) == nil)

        let accounts = UserAccounts(store: store, policy: Self.cheap)
        let a = try accounts.add(name: "clerk", role: .unit, unit: "U-D", password: "Service-2026a", by: "a", at: Self.t0)
        #expect(try accounts.activeAccount(name: "clerk", generation: a.generation) != nil)
        try accounts.setPassword(name: "clerk", password: "Service-2026b", by: "a", at: Self.t0)
        #expect(try accounts.activeAccount(name: "clerk", generation: a.generation) == nil, "a new password ends the sessions opened before")
        try accounts.setDisabled(name: "clerk", true, by: "a", at: Self.t0)
        #expect(try accounts.list().first { $0.name == "clerk" }?.disabledAt != nil)
        #expect(try accounts.signIn(name: "clerk", password: "Service-2026b", code: nil, origin: nil, at: Self.t0, codeMatches: Self.noCode) == .disabled)
    }
}
