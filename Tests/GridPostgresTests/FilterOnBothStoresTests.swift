import Foundation
import GridGeo
import GridModel
import GridPostgres
import GridService
import GridStore
import GridTestSupport
import Testing

/// A CQL2 filter selects the same features from the SQLite file and from PostgreSQL: every
/// operator alone (the SQLite answers are checked against pygeofilter in GridHTTPTests'
/// FilterRoutesTests), and generated combinations of them under AND, OR and NOT.
@Suite struct FilterOnBothStoresTests {
    /// Predicates per layer, each meaningful on the small district and its petitions.
    static let atoms: [FeatureLayer: [String]] = [
        .petitions: [
            "category = 'water'", "status <> 'closed'", "urgency = 'urgent'", "urgency IS NULL OR urgency = 'normal'", "grid IN ('G1', 'G3')", "id LIKE 'M1_'", "id LIKE 'M%5'",
            "id > 'M150'", "unit IS NOT NULL", "channel = 'hotline' AND kind = 'request'",
            "received_at < TIMESTAMP('2026-05-01T00:00:00Z')", "received_at = DATE('2026-03-12')",
            "received_at BETWEEN DATE('2026-02-01') AND TIMESTAMP('2026-04-15T09:00:00+08:00')",
            "T_BEFORE(received_at, DATE('2026-03-01'))", "T_AFTER(received_at, INTERVAL('..', '2026-06-30'))",
            "T_INTERSECTS(received_at, INTERVAL('2026-04-10', '2026-04-19'))", "T_DURING(received_at, INTERVAL('2026-01-11T09:00:00+08:00', '2026-09-19'))",
            "T_DISJOINT(received_at, INTERVAL('2026-02-01', '..'))", "T_EQUALS(received_at, TIMESTAMP('2026-01-10T01:00:00Z'))",
            "T_STARTS(received_at, INTERVAL('2026-01-10T09:00:00+08:00', '2026-12-31'))", "T_BEFORE(received_at, resolve_by)",
            "T_INTERSECTS(resolve_by, INTERVAL('2026-05-01', '2026-07-01'))",
            "S_INTERSECTS(geometry, BBOX(101.70, 26.575, 101.72, 26.58))", "S_WITHIN(geometry, POLYGON((101.70 26.57, 101.73 26.57, 101.73 26.60, 101.70 26.57)))",
            "S_DISJOINT(geometry, BBOX(101.71, 26.57, 101.74, 26.59))", "S_INTERSECTS(geometry, LINESTRING(101.70 26.5755, 101.75 26.5755))",
            "S_EQUALS(geometry, POINT(101.7045 26.5795))", "geometry IS NULL",
        ],
        .buildings: [
            "floors >= 7", "floors IS NULL", "name LIKE '%花园'", "address LIKE '%金海路%'", "grid = 'G3'", "id BETWEEN 'B1' AND 'B2'",
            "S_CONTAINS(geometry, POINT(101.7045 26.5795))", "S_TOUCHES(geometry, BBOX(101.7050, 26.5790, 101.7060, 26.5800))",
            "S_OVERLAPS(geometry, BBOX(101.7245, 26.5795, 101.7300, 26.5900))", "S_CROSSES(geometry, LINESTRING(101.70 26.5755, 101.72 26.5755))",
            "S_WITHIN(geometry, MULTIPOLYGON(((101.70 26.57, 101.71 26.57, 101.71 26.59, 101.70 26.59, 101.70 26.57)), ((101.72 26.57, 101.73 26.57, 101.73 26.59, 101.72 26.59, 101.72 26.57))))",
        ],
        .areas(.grid): [
            "name > '阳城社区第1网格'", "name < '金海社区第2网格'", "worker IS NULL", "parent = 'C1'", "S_INTERSECTS(geometry, MULTIPOINT((101.705 26.58), (101.735 26.58)))",
            "S_TOUCHES(geometry, POINT(101.71 26.58))", "id IN ('G2', 'G4')",
        ],
        .units: ["level = 'street'", "parent IS NULL", "name LIKE '%局'", "S_INTERSECTS(geometry, POINT(101.705 26.58))"],
    ]

    static func ids(_ layers: FeatureLayers, _ layer: FeatureLayer, _ filter: String) throws -> [String] {
        var page = FeaturePage(limit: 10_000)
        page.filter = try FeatureFilter.parse(filter, language: .text).checked(for: layer)
        return try layers.page(of: layer, page).features.compactMap(\.id)
    }

    @Test func everyOperatorAndGeneratedCombinationsSelectTheSameFeatures() throws {
        let dir = TemporaryDirectory()
        SmallDistrict.writeFiles(into: dir)
        dir.write("petitions.geojsonl", SmallDistrict.petitionsGeoJSONL + SmallDistrict.manyPetitions(300))
        let sqlite = try GridStore(path: dir.file("w.db"))
        try Importer(store: sqlite).importFolder(dir.path) { _ in }
        let database = try PostgresTestDatabase()
        let postgres = try PostgresStore(url: database.url)
        try Importer(store: postgres).importFolder(dir.path) { _ in }
        let (a, b) = (FeatureLayers(store: sqlite), FeatureLayers(store: postgres))

        var filters: [(FeatureLayer, String)] = []
        for (layer, atoms) in Self.atoms { filters += atoms.map { (layer, $0) } }
        var rng = SeededGenerator(seed: 311)
        for _ in 0..<200 {
            let layer = [FeatureLayer.petitions, .petitions, .buildings, .areas(.grid), .units].randomElement(using: &rng)!
            let atoms = Self.atoms[layer]!
            func atom() -> String {
                let p = atoms.randomElement(using: &rng)!
                return Bool.random(using: &rng) ? "NOT (\(p))" : "(\(p))"
            }
            let word = Bool.random(using: &rng) ? " AND " : " OR "
            let inner = [atom(), atom()].joined(separator: word)
            filters.append((layer, Bool.random(using: &rng) ? "NOT (\(inner)) OR \(atom())" : "(\(inner)) AND \(atom())"))
        }
        var selective = 0
        for (layer, filter) in filters {
            let (x, y) = (try Self.ids(a, layer, filter), try Self.ids(b, layer, filter))
            #expect(x == y, "\(layer.collectionID): \(filter): SQLite \(x.prefix(8)) … PostgreSQL \(y.prefix(8))")
            if !x.isEmpty { selective += 1 }
        }
        #expect(selective * 3 > filters.count * 2, "most filters select something: \(selective) of \(filters.count)")
        // Every single operator selects something on its own.
        for (layer, atoms) in Self.atoms {
            for atom in atoms {
                #expect(try !Self.ids(a, layer, atom).isEmpty, "\(layer.collectionID): \(atom) selects nothing")
            }
        }
    }
}
