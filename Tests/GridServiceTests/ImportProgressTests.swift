import GridService
import Testing

/// The import's progress line: rows, rate, share of the file read and the time left.
@Suite struct ImportProgressTests {
    @Test func theLineSaysRowsRateShareAndTimeLeft() {
        let p = ImportProgress(layer: .petitions, records: 50_000, bytesRead: 25 << 20, size: 100 << 20)
        #expect(p.line(elapsedSeconds: 2) == "petitions: 50000 rows, 25000/s, 25%, about 6 s left")
        // Standard input has no size: rows and rate only.
        #expect(ImportProgress(layer: .persons, records: 10_000, bytesRead: 1 << 20, size: nil).line(elapsedSeconds: 4) == "persons: 10000 rows, 2500/s")
        #expect(ImportProgress(layer: .persons, records: 10_000, bytesRead: 100, size: 100).line(elapsedSeconds: 1) == "persons: 10000 rows, 10000/s, 100%")
    }
}
