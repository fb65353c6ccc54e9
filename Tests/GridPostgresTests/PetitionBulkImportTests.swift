import Foundation
import GridModel
import GridPostgres
import GridService
import GridStore
import GridTestSupport
import Testing

/// The history import streams batches through `COPY` into PostgreSQL: what it stores is what the
/// SQLite store stores from the same file, texts with tabs, line ends and backslashes included,
/// and a problem in the last batch keeps nothing of the batches before it.
@Suite struct PetitionBulkImportTests {
    @Test func copyStoresWhatSQLiteStoresAndAProblemLateKeepsNothing() throws {
        let dir = TemporaryDirectory()
        SmallDistrict.writeFiles(into: dir)
        let sqlite = try GridStore(path: dir.file("w.db"))
        let database = try PostgresTestDatabase()
        let postgres = try PostgresStore(url: database.url)
        let many = dir.write("many.geojsonl", SmallDistrict.manyPetitions(9_000, awkwardText: true))
        let indexes = "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE tablename IN ('petition', 'petition_event') ORDER BY 1"
        var summaries: [[Int]] = []
        var before = ""
        var beforeOID: String?, rebuiltOID: String?
        for store in [sqlite, postgres] as [any WanggeStore] {
            let importer = Importer(store: store)
            try importer.importFolder(dir.path) { _ in }
            if store is PostgresStore {
                before = try PostgresTestDatabase.psql(database.url, indexes)
                beforeOID = try PostgresTestDatabase.psql(database.url, "SELECT 'petition_status'::regclass::oid")
            }
            let s = try importer.import(.petitions, file: many)
            if store is PostgresStore { rebuiltOID = try PostgresTestDatabase.psql(database.url, "SELECT 'petition_status'::regclass::oid") }
            summaries.append([s.records, s.placed ?? -1, s.warnings.count])
        }
        #expect(summaries[0] == summaries[1] && summaries[0][0] == 9_000)
        let (a, b) = (try sqlite.petitions(), try postgres.petitions())
        #expect(a.count == 9_005 && a == b)
        let text = try #require(b.first { $0.id == "M8999" }?.text)
        #expect(text == "第8999件\t\"引号\"\\反斜杠\n下一行\r末尾")
        #expect(try postgres.events(of: "M8999") == sqlite.events(of: "M8999"))

        // Refused whole: the first two batches were written before the bad record was read.
        let late = dir.write("late.geojsonl", SmallDistrict.manyPetitions(9_000, badAt: 8_999).replacingOccurrences(of: "\"M", with: "\"L"))
        #expect(throws: ImportFailure.self) { try Importer(store: postgres).import(.petitions, file: late) }
        #expect(try postgres.petitions() == b)
        // The load was larger than the table: its indexes went during the load and are all back,
        // after the refused import too.
        #expect(before.contains("petition_position: CREATE INDEX") && before.contains("petition_event_at"))
        #expect(try PostgresTestDatabase.psql(database.url, indexes) == before)
        // Built again, not kept: the index is a new relation.
        #expect(rebuiltOID != nil && rebuiltOID != beforeOID)
    }
}
