import Foundation
import GridModel
import GridService
@testable import GridStore
import GridTestSupport
import Testing

/// Reads have connections of their own: a long one (a million petitions read for the heat
/// maps) holds up neither another read nor a write, and every read sees what was committed.
@Suite struct GridStoreReadingTests {
    /// Runs `body` on another thread; whether it finished within `seconds`.
    static func finishes(within seconds: Double, _ body: @escaping @Sendable () throws -> Void) -> Bool {
        let done = DispatchSemaphore(value: 0)
        Thread { try? body(); done.signal() }.start()
        return done.wait(timeout: .now() + seconds) == .success
    }

    @Test func aLongReadHoldsUpNeitherReadsNorWrites() throws {
        let dir = TemporaryDirectory()
        SmallDistrict.writeFiles(into: dir)
        let store = try GridStore(path: dir.file("w.db"))
        let importer = Importer(store: store)
        try importer.importFolder(dir.path) { _ in }
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        // A read that stays open until the others are done (were reads one at a time, they
        // would wait for it for ever: the generous timeout below says so instead).
        Thread {
            _ = try? store.read { db in
                holding.signal()
                release.wait()
                return try db.scalar("SELECT count(*) FROM area")
            }
        }.start()
        holding.wait()
        defer { release.signal() }
        #expect(Self.finishes(within: 20) { _ = try store.counts() }, "a read waited for another")
        #expect(Self.finishes(within: 20) { _ = try importer.import(.petitions, file: dir.write("more.geojsonl", SmallDistrict.manyPetitions(4))) },
                "a write waited for a read")
        // What was just committed is seen by the next read, whichever connection it takes.
        #expect(try store.counts()["petition"] == 9)
        // A read never writes.
        #expect(throws: (any Error).self) { try store.read { db in try db.execute("DELETE FROM area") } }
        #expect(try store.counts()["area"] == 11)
    }
}
