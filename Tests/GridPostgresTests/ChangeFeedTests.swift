import Foundation
import GridModel
import GridPostgres
import GridService
import GridStore
import GridTestSupport
import Synchronization
import Testing

/// Servers over one PostgreSQL database hear each other's writes through `LISTEN`/`NOTIFY`: a
/// cache that would otherwise stand for an hour follows another server's change within a second,
/// and a listener that lost its connection comes back and catches up.
@Suite struct ChangeFeedTests {
    static let now = try! Timestamp.parse("2026-11-02T09:00:00+08:00").get()

    /// Waits up to `seconds` for `condition`; true if it came.
    static func eventually(within seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return try condition()
    }

    /// A server's cache of live tokens that would not ask the store again for an hour.
    static func tokenCount(on store: PostgresStore) -> StoreSnapshot<Int> {
        StoreSnapshot(store: store, recheckSeconds: 3600, following: .tokens) { try $0.activeTokensBySecretHash().count }
    }

    @Test func anotherServersWritesReachACacheWithinASecond() throws {
        let dir = TemporaryDirectory()
        SmallDistrict.writeFiles(into: dir)
        let database = try PostgresTestDatabase()
        let (a, b) = (try PostgresStore(url: database.url), try PostgresStore(url: database.url))
        try Importer(store: b).importFolder(dir.path) { _ in }
        let tokens = Self.tokenCount(on: a)
        let petitions = StoreSnapshot(store: a, recheckSeconds: 3600, following: .petitions) { try $0.petitionChangeStamp() }
        let feed = try #require(a.changeFeed)
        #expect(try tokens.current() == 0)
        let before = try petitions.current()
        #expect(Self.eventually(within: 5) { feed.isLive }, "the listener connects")

        // A token issued and one revoked on server B: A's cache follows each within a second.
        let issued = try AccessTokens(store: b).create(role: .dispatcher, by: "admin", at: Self.now)
        #expect(try Self.eventually(within: 1) { try tokens.current() == 1 })
        _ = try AccessTokens(store: b).revoke(id: issued.token.id, by: "admin", at: Self.now)
        #expect(try Self.eventually(within: 1) { try tokens.current() == 0 })

        // A petition taken at B's desk reaches A's petition caches (heat-map ledgers).
        let desk = PetitionDesk(store: b, recheckSeconds: 0, clock: { Self.now })
        _ = try desk.intake(ServicesOnBothStoresTests.water(at: 101.7045, 26.5795))
        #expect(try Self.eventually(within: 1) { try petitions.current() != before })
    }

    @Test func aListenerThatLostItsConnectionComesBackAndCatchesUp() throws {
        let database = try PostgresTestDatabase()
        let (a, b) = (try PostgresStore(url: database.url), try PostgresStore(url: database.url))
        let tokens = Self.tokenCount(on: a)
        let feed = try #require(a.changeFeed)
        #expect(try tokens.current() == 0)
        #expect(Self.eventually(within: 5) { feed.isLive })
        #expect(try tokens.current() == 0, "(the announcement of going live consumed)")
        // Every other connection to the database cut, as a failover would; a token issued while
        // A's listener is away is not announced to it, yet A's cache catches up once it is back.
        try PostgresTestDatabase.psql(database.url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        #expect(Self.eventually(within: 2) { !feed.isLive }, "the lost connection is noticed")
        // (B's own pooled connections were cut too: the first try may find one dead.)
        #expect(Self.eventually(within: 3) { (try? AccessTokens(store: b).create(role: .planner, by: "admin", at: Self.now)) != nil })
        #expect(try tokens.current() == 0, "not announced while away")
        #expect(try Self.eventually(within: 5) { try tokens.current() == 1 })
        #expect(feed.isLive)
    }

    @Test func aReplicaAndTheEmbeddedStoreHaveNoFeedAndCachesAskForStamps() throws {
        let database = try PostgresTestDatabase()
        _ = try PostgresStore(url: database.url)
        #expect(try PostgresStore(url: database.url, readOnly: true).changeFeed == nil)
        let dir = TemporaryDirectory()
        #expect(try GridStore(path: dir.file("w.db")).changeFeed == nil)
    }
}
