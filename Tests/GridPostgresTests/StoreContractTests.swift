import GridGeo
import GridModel
import GridPostgres
import GridService
import GridStore
import GridTestSupport
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The store contract: the same writes through the services' protocols give the same reads
/// from the SQLite file and from PostgreSQL + PostGIS. The registry comes from the small test
/// district imported into SQLite by the real importer, then written into PostgreSQL through
/// `RegistryStore` alone.
@Suite struct StoreContractTests {
    /// A SQLite store holding the small district, and an empty PostgreSQL store.
    static func stores() throws -> (sqlite: GridStore, postgres: PostgresStore, keep: (TemporaryDirectory, PostgresTestDatabase)) {
        let dir = TemporaryDirectory()
        SmallDistrict.writeFiles(into: dir)
        let sqlite = try GridStore(path: dir.file("w.db"))
        try Importer(store: sqlite).importFolder(dir.path) { _ in }
        let database = try PostgresTestDatabase()
        return (sqlite, try PostgresStore(url: database.url), (dir, database))
    }

    /// Writes one store's registry into another, layer by layer, as an import would.
    static func copyRegistry(from a: any RegistryStore, to b: any RegistryStore) throws {
        try b.replaceCategories(try a.categories(), source: "contract")
        let buildings = try a.buildings()
        try b.replaceAreas(try a.areas(), buildingPlacements: [:], source: "contract")
        try b.replaceBuildings(buildings, source: "contract", warnings: 0)
        let residents = try buildings.flatMap { try a.residents(ofBuilding: $0.0.id) }
        try b.replaceHouseholds(residents.map(\.household), source: "contract")
        try b.replacePersons(residents.flatMap(\.persons), source: "contract", warnings: 0)
        try b.replaceUnits(try a.units(), source: "contract")
        try b.storeCalendar(try a.calendarDays(), years: Set(try a.calendarDays().map { Timestamp.civil(fromDays: $0.day).year }), source: "contract")
        if let policy = try a.deskPolicyDocument() { try b.storeDeskPolicy(policy, rules: 1, source: "contract") }
    }

    @Test func theRegistryReadsBackTheSameFromBothStores() throws {
        let (sqlite, postgres, keep) = try Self.stores()
        _ = keep
        try Self.copyRegistry(from: sqlite, to: postgres)
        #expect(try postgres.areas() == sqlite.areas())
        #expect(try postgres.areaIDs() == sqlite.areaIDs())
        let (pb, sb) = (try postgres.buildings(), try sqlite.buildings())
        #expect(pb.map(\.0) == sb.map(\.0) && pb.map(\.1) == sb.map(\.1))
        #expect(!sb.isEmpty)
        #expect(try postgres.buildingIDs() == sqlite.buildingIDs())
        for (b, _) in sb {
            #expect(try postgres.buildingPosition(id: b.id) == sqlite.buildingPosition(id: b.id))
            #expect(try postgres.buildingPlacement(id: b.id)?.placement == sqlite.buildingPlacement(id: b.id)?.placement)
            let (p, s) = (try postgres.buildingPlace(id: b.id), try sqlite.buildingPlace(id: b.id))
            #expect(p?.centre == s?.centre && p?.footprint == s?.footprint && p?.placement == s?.placement)
            let (pr, sr) = (try postgres.residents(ofBuilding: b.id), try sqlite.residents(ofBuilding: b.id))
            #expect(pr.map(\.household) == sr.map(\.household) && pr.map(\.persons) == sr.map(\.persons))
        }
        #expect(try postgres.buildingPlacement(id: "no-such") == nil)
        #expect(try postgres.householdIDs() == sqlite.householdIDs() && !sqlite.householdIDs().isEmpty)
        #expect(try postgres.buildingIDsWithHouseholds() == sqlite.buildingIDsWithHouseholds())
        #expect(try postgres.householdIDsWithPersons() == sqlite.householdIDsWithPersons())
        #expect(try postgres.householdDoors().map(\.id) == sqlite.householdDoors().map(\.id))
        #expect(try postgres.residentsPerArea() == sqlite.residentsPerArea())
        #expect(try postgres.units() == sqlite.units())
        #expect(try postgres.categories() == sqlite.categories())
        #expect(try postgres.categoryCodes() == sqlite.categoryCodes())
        #expect(try postgres.areaIDsInJurisdictions() == sqlite.areaIDsInJurisdictions())
        #expect(try postgres.categoryCodesInUse() == sqlite.categoryCodesInUse())
        #expect(try postgres.calendarDays() == sqlite.calendarDays() && !sqlite.calendarDays().isEmpty)
        #expect(try postgres.deskPolicyDocument() == sqlite.deskPolicyDocument())
        let (pd, sd) = (try postgres.areaDirectory(), try sqlite.areaDirectory())
        #expect(pd.areas == sd.areas && pd.unitsOfArea == sd.unitsOfArea && !sd.areas.isEmpty)
        // Imports move the stamps that snapshots follow.
        let before = try postgres.changeStamp()
        try postgres.replaceUnits(try sqlite.units(), source: "again")
        #expect(try postgres.changeStamp() > before)
        #expect(try postgres.counts()["building"] == sqlite.counts()["building"])
    }

    @Test func qualityProblemsAreTheSameInPostGISAsInSpatiaLite() throws {
        let (sqlite, postgres, keep) = try Self.stores()
        _ = keep
        // Two grid cells overlapping and a community part left uncovered, on top of the district.
        var areas = try sqlite.areas()
        let grids = areas.indices.filter { areas[$0].level == .grid }
        let first = try #require(grids.first)
        var moved = areas[first]
        moved.boundary = MultiPolygon(moved.boundary.polygons.map { p in
            Polygon(rings: p.rings.map { ring in ring.map { Coordinate(lon: $0.lon + 0.0005, lat: $0.lat) } })
        })
        areas[first] = moved
        try sqlite.replaceAreas(areas, buildingPlacements: [:], source: "moved")
        try Self.copyRegistry(from: sqlite, to: postgres)
        let (p, s) = (try postgres.qualityProblems(toleranceM2: 1), try sqlite.qualityProblems(toleranceM2: 1))
        #expect(!s.isEmpty)
        #expect(p.map(\.kind) == s.map(\.kind) && p.map(\.subjects) == s.map(\.subjects), "\(p.map(\.message)) vs \(s.map(\.message))")
        for (a, b) in zip(p, s) {
            #expect(abs((a.areaM2 ?? 0) - (b.areaM2 ?? 0)) <= 0.01 * max(1, b.areaM2 ?? 0), "\(a.message) vs \(b.message)")
        }
    }

    @Test func tokensAccountsSessionsAndTheAuditLogBehaveAlike() throws {
        let (sqlite, postgres, keep) = try Self.stores()
        _ = keep
        func run(_ store: any AccessStore) throws -> [String] {
            var log: [String] = []
            let t0 = Timestamp(seconds: 1_780_000_000)
            let token = ApiToken(id: "T1", role: .unit, area: nil, unit: "U-D", label: "水务", createdAt: t0, revokedAt: nil)
            try store.insertToken(token, secretSHA256: "abc", by: "admin")
            log.append("tokens \(try store.tokens().map(\.id)) active \(try store.activeTokensBySecretHash().keys.sorted())")
            let stamp = try store.tokenChangeStamp()
            log.append("revoke \(try store.revokeToken(id: "T1", at: Timestamp(seconds: t0.seconds + 5), by: "admin"))")
            log.append("again \(try store.revokeToken(id: "T1", at: Timestamp(seconds: t0.seconds + 6), by: "admin"))")
            log.append("stamp moved \(try store.tokenChangeStamp() != stamp) active \(try store.activeTokensBySecretHash().count)")
            log.append("revoked at \(String(describing: try store.tokens().first?.revokedAt))")

            let user = UserAccount(name: "op-wang", role: .dispatcher, area: nil, unit: nil, createdAt: t0)
            log.append("add \(try store.insertUser(user, passwordHash: "h1", by: "admin")) twice \(try store.insertUser(user, passwordHash: "h2", by: "admin"))")
            let users = try store.userChangeStamp()
            log.append("failures \(try store.recordSignInFailure(name: "op-wang", at: t0, origin: "127.0.0.1", reason: "wrong password") { _ in nil })")
            log.append("failures \(try store.recordSignInFailure(name: "op-wang", at: t0, origin: "127.0.0.1", reason: "wrong password") { $0 >= 2 ? Timestamp(seconds: t0.seconds + 900) : nil })")
            let locked = try #require(try store.storedUser(name: "op-wang"))
            log.append("locked \(String(describing: locked.account.lockedUntil)) hash \(locked.passwordHash) failed \(locked.account.failedAttempts)")
            log.append("update \(try store.updateUser(name: "op-wang", at: t0, by: "admin", action: "user.password", detail: nil, passwordHash: "h3", disabled: true, totpSecret: .some("SECRET")))")
            log.append("no one \(try store.updateUser(name: "nobody", at: t0, by: "admin", action: "user.password", detail: nil, passwordHash: "h", disabled: nil, totpSecret: nil))")
            let changed = try #require(try store.storedUser(name: "op-wang"))
            log.append("changed \(changed.passwordHash) \(changed.totpSecret ?? "-") disabled \(changed.account.disabledAt != nil) generation \(changed.account.generation) second \(changed.account.hasSecondFactor)")
            log.append("clear \(try store.updateUser(name: "op-wang", at: t0, by: "admin", action: "user.totp", detail: "off", passwordHash: nil, disabled: false, totpSecret: .some(nil)))")
            log.append("cleared \(try store.storedUser(name: "op-wang")?.totpSecret ?? "-") \(try store.storedUser(name: "op-wang")?.account.disabledAt == nil)")
            try store.recordSignIn(name: "op-wang", at: t0, origin: "127.0.0.1", action: "signin", detail: nil)
            log.append("users \(try store.users().map(\.name)) stamp moved \(try store.userChangeStamp() != users)")

            try store.putSession(idSHA256: "s1", value: "v1", idleUntil: 100, expires: 200)
            try store.putSession(idSHA256: "s1", value: "v2", idleUntil: 110, expires: 200)
            try store.putSession(idSHA256: "s2", value: "old", idleUntil: 50, expires: 60)
            try store.touchSession(idSHA256: "s1", idleUntil: 150)
            log.append("session \(String(describing: try store.session(idSHA256: "s1")))")
            try store.removeSession(idSHA256: "none", now: 70)
            log.append("expired gone \(try store.session(idSHA256: "s2") == nil) kept \(try store.session(idSHA256: "s1") != nil)")
            try store.removeSession(idSHA256: "s1", now: 70)
            log.append("ended \(try store.session(idSHA256: "s1") == nil)")

            try store.recordAudit(at: t0, actor: "op-wang", action: "read.contact", target: "P1", origin: "10.0.0.1", detail: "phone")
            let audit = try store.auditEntries(since: t0, actor: nil).filter { $0.actor != "import" }
            log.append("audit \(audit.map { "\($0.actor) \($0.action) \($0.target ?? "-") \($0.origin ?? "-") \($0.detail ?? "-")" })")
            log.append("by actor \(try store.auditEntries(since: nil, actor: "op-wang").map(\.action))")
            log.append("since later \(try store.auditEntries(since: Timestamp(seconds: t0.seconds + 1), actor: nil).filter { $0.actor != "import" }.map(\.action))")
            return log
        }
        let (s, p) = (try run(sqlite), try run(postgres))
        #expect(p == s, "\(zip(p, s).filter { $0 != $1 })")
        #expect(s.contains("revoke true") && s.contains("again false"))
    }

    @Test func aNewerOrForeignDatabaseIsRefusedUntouchedAndMigrationRunsOnce() throws {
        let database = try PostgresTestDatabase()
        // Two servers opening one new database at once: one migrates, the other waits and finds it done.
        let opened = Mutex<[Result<Int, any Error>]>([])
        let threads = (0..<2).map { _ in
            Thread {
                let r = Result { try PostgresStore(url: database.url).storedSchemaVersion() }
                opened.withLock { $0.append(r) }
            }
        }
        threads.forEach { $0.start() }
        while opened.withLock({ $0.count }) < 2 { usleep(10_000) }
        #expect(opened.withLock { $0.compactMap { try? $0.get() } } == [PostgresStore.schemaVersion, PostgresStore.schemaVersion])
        #expect(try PostgresTestDatabase.psql(database.url, "SELECT count(*) FROM wangge_schema").trimmingCharacters(in: .whitespacesAndNewlines)
                == String(PostgresStore.schemaVersion))

        try PostgresTestDatabase.psql(database.url, "INSERT INTO wangge_schema(version) VALUES (999)")
        #expect { try PostgresStore(url: database.url) } throws: { "\($0)".contains("schema version 999") }

        let foreign = try PostgresTestDatabase()
        try PostgresTestDatabase.psql(foreign.url, "CREATE TABLE invoices (id int)")
        #expect { try PostgresStore(url: foreign.url) } throws: { "\($0)".contains("not Wangge's") && "\($0)".contains("invoices") }
        #expect(try PostgresTestDatabase.psql(foreign.url, "SELECT count(*) FROM pg_tables WHERE tablename = 'area'").hasPrefix("0"))
    }

    @Test(arguments: [("wangge.db", false), ("postgres://u@h/db", true), ("postgresql://u:p%40ss@db.example:6543/grid", true)])
    func urlsAreToldFromFiles(text: String, isPostgres: Bool) throws {
        #expect(PostgresURL.isPostgres(text) == isPostgres)
        if isPostgres {
            let url = try PostgresURL(text)
            #expect(!url.redacted.contains("p@ss") && url.user == "u")
        }
        #expect { try PostgresURL("postgresql://db.example/grid") } throws: { "\($0)".contains("no user") }
        #expect { try PostgresURL("postgresql://u@db.example") } throws: { "\($0)".contains("no database") }
    }

    /// Attachments' bytes go in and come out a part at a time in both default blob stores:
    /// several parts, the last one short, the same bytes back; storing again changes nothing.
    @Test func blobsAreStoredAndReadAPartAtATimeInBothStores() throws {
        let (sqlite, postgres, keep) = try Self.stores()
        var rng = SeededGenerator(seed: 6)
        let bytes = (0..<(2 * BlobParts.size + 777)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let id = Digests.sha256(Data(bytes))
        for blobs in [sqlite.defaultBlobStore(), postgres.defaultBlobStore()] {
            #expect(try blobs.size(of: id) == nil)
            try blobs.put(bytes, id: id)
            try blobs.put(bytes, id: id)
            #expect(try blobs.size(of: id) == bytes.count)
            #expect(try (0..<3).map { try blobs.part($0, of: id).count } == [BlobParts.size, BlobParts.size, 777])
            #expect(try blobs.get(id) == bytes)
            let out = keep.0.file("out-\(type(of: blobs))")
            #expect(try blobs.write(id, toFile: out))
            #expect(FileManager.default.contents(atPath: out).map(Array.init) == bytes)
        }
        // In PostgreSQL a row per part: no statement ever carries the whole file.
        let rows = try PostgresTestDatabase.psql(keep.1.url, "SELECT count(*), max(octet_length(bytes)) FROM blob_part WHERE id = '\(id)'")
        #expect(rows.trimmingCharacters(in: .whitespacesAndNewlines) == "3|\(BlobParts.size)")
    }

    @Test func aJobRunsInOneProcessAtATime() throws {
        let dir = TemporaryDirectory()
        let database = try PostgresTestDatabase()
        let pairs: [(any WarningStore, any WarningStore)] = [
            (try GridStore(path: dir.file("w.db")), try GridStore(path: dir.file("w.db"))),
            (try PostgresStore(url: database.url), try PostgresStore(url: database.url)),
        ]
        for (a, b) in pairs {
            let inner = try a.exclusively("nightly-scan") { try b.exclusively("nightly-scan") { "both" } ?? "held" }
            #expect(inner == "held")
            #expect(try a.exclusively("nightly-scan") { try b.exclusively("other-job") { "both" } } == "both")
            #expect(try b.exclusively("nightly-scan") { "free again" } == "free again")
        }
    }

    @Test func anUnreachableServerIsAClearError() throws {
        #expect { try PostgresStore(url: "postgresql://wangge@127.0.0.1:1/wangge") } throws: { $0 is any StoreUnavailable && "\($0)".contains("postgresql://wangge@127.0.0.1:1/wangge is not answering") }
    }
}
