import GridService
extension GridStore {
    /// Runs a bulk rewrite of `table` with its spatial indexes switched off, then rebuilds each
    /// index in one pass. SpatiaLite's index triggers prepare a statement for every row, which
    /// made whole-layer imports spend most of their time parsing SQL. Call inside a transaction:
    /// a failure rolls the indexes back with the rows.
    static func withSpatialIndexesRebuilt<T>(_ db: Database, table: String, columns: [String],
                                             _ body: () throws -> T) throws -> T {
        for c in columns {
            try db.execute("SELECT DisableSpatialIndex('\(table)', '\(c)'); DROP TABLE IF EXISTS \"idx_\(table)_\(c)\"")
        }
        let result = try body()
        for c in columns {
            guard case .integer(1)? = try db.scalar("SELECT CreateSpatialIndex('\(table)', '\(c)')") else {
                throw DatabaseError(code: 1, message: "SpatiaLite could not rebuild the spatial index of \(table).\(c)")
            }
        }
        return result
    }
}
