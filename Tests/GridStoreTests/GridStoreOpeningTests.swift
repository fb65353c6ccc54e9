import Foundation
import GridStore
import GridTestSupport
import Testing

@Suite struct GridStoreOpeningTests {
    @Test func aNewFileGetsTheSchemaAndSpatialMetadata() throws {
        let dir = TemporaryDirectory()
        let store = try GridStore(path: dir.file("w.db"))
        #expect(try store.storedSchemaVersion() == GridStore.schemaVersion)
        let db = try Database(path: dir.file("w.db"))
        let columns = try db.query("SELECT f_table_name || '.' || f_geometry_column || ':' || srid FROM geometry_columns ORDER BY 1") { $0.string(0)! }
        #expect(columns == ["area.geom:4326", "building.footprint:4326", "building.position:4326", "petition.position:4326", "unit.coverage:4326"])
        #expect(try db.scalar("PRAGMA journal_mode") == .text("wal"))
        #expect(try db.scalar("SELECT CheckSpatialIndex('area', 'geom')") == .integer(1))
    }

    @Test func reopeningKeepsTheSchema() throws {
        let dir = TemporaryDirectory()
        _ = try GridStore(path: dir.file("w.db"))
        let again = try GridStore(path: dir.file("w.db"))
        #expect(try again.storedSchemaVersion() == GridStore.schemaVersion)
    }

    @Test func anOlderFileIsUpgraded() throws {
        let dir = TemporaryDirectory()
        do {
            // A file from before the registry existed: metadata and an empty version table.
            let db = try Database(path: dir.file("old.db"))
            try db.execute("SELECT InitSpatialMetadata(1, 'WGS84'); CREATE TABLE wangge_schema (version INTEGER NOT NULL, applied_at TEXT)")
        }
        let store = try GridStore(path: dir.file("old.db"))
        #expect(try store.storedSchemaVersion() == GridStore.schemaVersion)
        #expect(try store.counts()["area"] == 0)
    }

    @Test func aNewerFileIsRefusedUntouched() throws {
        let dir = TemporaryDirectory()
        _ = try GridStore(path: dir.file("w.db"))
        do {
            let db = try Database(path: dir.file("w.db"))
            try db.execute("INSERT INTO wangge_schema(version, applied_at) VALUES (99, 'future')")
        }
        #expect {
            try GridStore(path: dir.file("w.db"))
        } throws: { error in
            guard case StoreError.schemaTooNew(_, let found, _) = error else { return false }
            return found == 99 && "\(error)".contains("upgrade wangge")
        }
    }

    @Test func aForeignDatabaseIsRefused() throws {
        let dir = TemporaryDirectory()
        do {
            let db = try Database(path: dir.file("other.db"))
            try db.execute("CREATE TABLE invoices (id INTEGER)")
        }
        #expect(throws: StoreError.self) { try GridStore(path: dir.file("other.db")) }
    }

    @Test func aFileThatIsNotSQLiteIsRefusedClearly() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("notes.db", String(repeating: "这不是数据库 ", count: 200))
        #expect {
            try GridStore(path: path)
        } throws: { error in "\(error)".contains("is not an SQLite database") }
    }

    @Test func errorsCarryCodeMessageAndStatement() throws {
        let dir = TemporaryDirectory()
        let db = try Database(path: dir.file("w.db"))
        #expect {
            try db.execute("SELECT * FROM nowhere")
        } throws: { error in
            guard let e = error as? DatabaseError else { return false }
            return e.code == 1 && e.message.contains("no such table") && e.sql == "SELECT * FROM nowhere"
        }
    }
}
