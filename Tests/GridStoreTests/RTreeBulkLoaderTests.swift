import Foundation
@testable import GridStore
import GridTestSupport
import Testing

/// The packed R*Tree is one SQLite itself accepts and answers from: `rtreecheck()` passes,
/// window queries match a scan, and rows inserted and deleted through the virtual table
/// afterwards keep it whole.
@Suite struct RTreeBulkLoaderTests {
    struct Box { var id: Int64; var minX, maxX, minY, maxY: Double }

    /// Boxes in a city-sized window, some points, some wide, some crossing zero.
    func boxes(_ n: Int, seed: UInt64) -> [Box] {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        return (0..<n).map { k in
            let x = -0.5 + next(), y = 26 + next()
            let w = k % 3 == 0 ? 0 : next() * 0.01, h = k % 3 == 0 ? 0 : next() * 0.01
            return Box(id: Int64(k * 7 + 3), minX: x, maxX: x + w, minY: y, maxY: y + h)
        }
    }

    func loaded(_ boxes: [Box], in dir: TemporaryDirectory) throws -> Database {
        let db = try Database(path: dir.file("r.db"))
        try db.execute("CREATE VIRTUAL TABLE rt USING rtree(pkid, xmin, xmax, ymin, ymax)")
        try db.transaction {
            try RTreeBulkLoader(db: db, table: "rt").load(boxes.map {
                RTreeBulkLoader.Entry(id: $0.id, minX: $0.minX, maxX: $0.maxX, minY: $0.minY, maxY: $0.maxY)
            })
        }
        return db
    }

    func window(_ db: Database, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) throws -> [Int64] {
        try db.query("SELECT pkid FROM rt WHERE xmax >= ? AND xmin <= ? AND ymax >= ? AND ymin <= ? ORDER BY pkid", [x0, x1, y0, y1]) {
            Int64($0.int(0)!)
        }
    }

    // One leaf, one full leaf, a root with two leaves, three levels.
    @Test(arguments: [1, 51, 52, 2_601, 2_602, 20_000])
    func aPackedTreeIsWholeAndAnswersAsAScan(count: Int) throws {
        let dir = TemporaryDirectory()
        let all = boxes(count, seed: UInt64(count))
        let db = try loaded(all, in: dir)
        #expect(try db.scalar("SELECT rtreecheck('rt')") == .text("ok"))
        #expect(try db.scalar("SELECT count(*) FROM rt") == .integer(Int64(count)))
        for (x0, y0) in [(-0.5, 26.0), (-0.1, 26.3), (0.2, 26.7), (0.0, 26.5)] {
            let (x1, y1) = (x0 + 0.05, y0 + 0.05)
            // Floats round outwards: a scan with the float-rounded boxes is the exact answer.
            let expected = all.filter {
                Double(RTreeBulkLoader.Entry.up($0.maxX)) >= x0 && Double(RTreeBulkLoader.Entry.down($0.minX)) <= x1
                    && Double(RTreeBulkLoader.Entry.up($0.maxY)) >= y0 && Double(RTreeBulkLoader.Entry.down($0.minY)) <= y1
            }.map(\.id).sorted()
            #expect(try window(db, x0, y0, x1, y1) == expected)
        }
        // Every box still covers its own corners.
        for b in all.prefix(200) {
            #expect(try window(db, b.minX, b.minY, b.minX, b.minY).contains(b.id))
            #expect(try window(db, b.maxX, b.maxY, b.maxX, b.maxY).contains(b.id))
        }
    }

    @Test func theTreeGoesOnTakingRowsThroughSQLite() throws {
        let dir = TemporaryDirectory()
        let db = try loaded(boxes(5_000, seed: 9), in: dir)
        try db.transaction {
            for k in 0..<3_000 { try db.execute("DELETE FROM rt WHERE pkid = ?", [Int64(k * 7 + 3)]) }
            for k in 0..<3_000 {
                let x = Double(k) / 3_000
                try db.execute("INSERT INTO rt VALUES (?, ?, ?, ?, ?)", [Int64(1_000_000 + k), x, x + 0.001, 26.0, 26.001])
            }
        }
        #expect(try db.scalar("SELECT rtreecheck('rt')") == .text("ok"))
        #expect(try db.scalar("SELECT count(*) FROM rt") == .integer(5_000))
        #expect(try window(db, 0.5, 26.0, 0.5, 26.0).contains(1_001_500))
    }

    @Test func anEmptyLoadLeavesAnEmptyTree() throws {
        let dir = TemporaryDirectory()
        let db = try loaded([], in: dir)
        #expect(try db.scalar("SELECT rtreecheck('rt')") == .text("ok"))
        #expect(try db.scalar("SELECT count(*) FROM rt") == .integer(0))
    }
}

/// The geometry constraint SpatiaLite's dropped insert trigger enforced is still enforced.
@Suite struct SpatialIndexRebuildTests {
    @Test func aGeometryOfTheWrongKindIsRefusedAndNothingIsKept() throws {
        let dir = TemporaryDirectory()
        _ = try GridStore(path: dir.file("w.db"))
        let db = try Database(path: dir.file("w.db"))
        for (srid, type) in [(3857, "MakePoint(1, 2, 3857)"), (4326, "GeomFromText('LINESTRING(1 2, 3 4)', 4326)")] {
            #expect {
                try db.transaction {
                    try GridStore.withSpatialIndexesRebuilt(db, table: "building", columns: ["position"]) {
                        try db.execute("INSERT INTO building(id, address, position) VALUES ('B\(srid)', 'x', \(type))")
                    }
                }
            } throws: { "\($0)".contains("building.position violates Geometry constraint") }
        }
        #expect(try db.scalar("SELECT count(*) FROM building") == .integer(0))
        #expect(try db.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'building'") != .integer(0))
        #expect(try db.scalar("SELECT CheckSpatialIndex('building', 'position')") == .integer(1))
    }
}
