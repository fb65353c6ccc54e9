import Foundation
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

@Suite struct AccessTokensTests {
    static let now = try! Timestamp.parse("2026-11-23T10:00:00+08:00").get()

    @Test func theDemoSetIsOneTokenPerRoleAndReplacesTheLastOne() throws {
        let dir = TemporaryDirectory()
        let (store, _) = try importedSmallDistrict(dir)
        let tokens = AccessTokens(store: store)
        let first = try tokens.createDemoSet(by: "demo", at: Self.now)
        #expect(first.map(\.token.role) == Role.allCases)
        // The unit leading the most open petitions (U-D: PA, PC, PD), the grid cell holding the most (G1: PA).
        #expect(first.first { $0.token.role == .unit }?.token.unit == "U-D")
        #expect(first.first { $0.token.role == .gridWorker }?.token.area == "G1")
        let kept = try tokens.create(role: .planner, label: "规划院", by: "admin", at: Self.now).secret
        let second = try tokens.createDemoSet(by: "demo", at: Self.now)
        for (_, secret) in first { #expect(try tokens.token(forSecret: secret) == nil, "the earlier demo set is revoked") }
        for (_, secret) in second { #expect(try tokens.token(forSecret: secret) != nil) }
        #expect(try tokens.token(forSecret: kept) != nil, "other tokens are left alone")
    }

    @Test func aTokenIsStoredHashedCheckedAndRevokedWithAnAuditTrail() throws {
        let dir = TemporaryDirectory()
        let (store, _) = try importedSmallDistrict(dir)
        let tokens = AccessTokens(store: store)
        let (token, secret) = try tokens.create(role: .unit, unit: "U-C1", label: "阳城社区", by: "admin", at: Self.now)
        #expect(secret.hasPrefix("wg_") && secret.count == 51)
        #expect(token.id == String(secret.prefix(12)))
        #expect(try tokens.token(forSecret: secret)?.unit == "U-C1")
        #expect(try tokens.token(forSecret: secret + "x") == nil)
        // Only the hash is in the file.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir.file("w.db")))
        #expect(bytes.range(of: Data(secret.utf8)) == nil)
        #expect(try store.tokens().map(\.id) == [token.id])
        #expect(try tokens.revoke(id: token.id, by: "admin", at: Self.now))
        #expect(try tokens.token(forSecret: secret) == nil)
        #expect(try tokens.revoke(id: token.id, by: "admin", at: Self.now) == false)
        let audit = try store.auditEntries(actor: "admin")
        #expect(audit.map(\.action) == ["token.create", "token.revoke"])
        #expect(try store.auditEntries(actor: "import").map(\.action).contains("import.areas"), "imports are audited too")
        #expect(audit.allSatisfy { $0.actor == "admin" && $0.target == token.id })
        #expect(try store.auditEntries(actor: "someone else").isEmpty)
    }

    @Test func scopesAreCheckedAgainstTheRegistry() throws {
        let dir = TemporaryDirectory()
        let (store, _) = try importedSmallDistrict(dir)
        let tokens = AccessTokens(store: store)
        #expect(throws: AccessTokens.Refusal.self) { try tokens.create(role: .unit, by: "admin", at: Self.now) }
        #expect(throws: AccessTokens.Refusal.self) { try tokens.create(role: .unit, unit: "U-none", by: "admin", at: Self.now) }
        #expect(throws: AccessTokens.Refusal.self) { try tokens.create(role: .gridWorker, by: "admin", at: Self.now) }
        #expect(throws: AccessTokens.Refusal.self) { try tokens.create(role: .inspector, area: "G1", by: "admin", at: Self.now) }
        #expect(try tokens.create(role: .gridWorker, area: "G1", by: "admin", at: Self.now).token.area == "G1")
        #expect(try store.tokens().count == 1, "refused requests store nothing")
    }
}
