import Foundation
import GridModel
import GridService
import GridStore
import GridTestSupport
import Synchronization
import Testing

@Suite struct StoreSnapshotTests {
    func loaded(_ dir: TemporaryDirectory) throws -> (GridStore, Importer) { try importedSmallDistrict(dir) }

    @Test func rebuildsOnlyAfterAnImportChangedTheStore() throws {
        let dir = TemporaryDirectory()
        let (store, importer) = try loaded(dir)
        let builds = Atomic<Int>(0)
        let ledgers = StoreSnapshot(store: store, recheckSeconds: 0) { store in
            builds.add(1, ordering: .relaxed)
            return try PetitionLedger(store: store)
        }
        #expect(try ledgers.current().count == 5)
        #expect(try ledgers.current().count == 5)
        #expect(builds.load(ordering: .relaxed) == 1)
        // Another import (as `wangge import` would do while serving) is seen at the next use.
        let more = dir.write("more.geojsonl", #"{"type":"Feature","geometry":{"type":"Point","coordinates":[101.715,26.58]},"properties":{"id":"PF","received_at":"2026-11-05T08:00:00+08:00","channel":"web","kind":"request","category":"water","text":"新"}}"# + "\n")
        _ = try importer.import(.petitions, file: more)
        #expect(try ledgers.current().count == 6)
        #expect(builds.load(ordering: .relaxed) == 2)
    }

    @Test func waitsTheRecheckIntervalBeforeAskingTheStore() throws {
        let dir = TemporaryDirectory()
        let (store, importer) = try loaded(dir)
        let ledgers = StoreSnapshot(store: store, initial: try PetitionLedger(store: store), recheckSeconds: 3600) { try PetitionLedger(store: $0) }
        let more = dir.write("more.geojsonl", #"{"type":"Feature","geometry":null,"properties":{"id":"PG","received_at":"2026-11-05T08:00:00+08:00","channel":"web","kind":"request","category":"water","text":"新","address":"某路1号"}}"# + "\n")
        _ = try importer.import(.petitions, file: more)
        #expect(try ledgers.current().count == 5)
    }

    @Test func aBackgroundRebuildKeepsAnsweringWithTheLastValue() async throws {
        let dir = TemporaryDirectory()
        let (store, importer) = try loaded(dir)
        let gate = Mutex(false)
        let ledgers = StoreSnapshot(store: store, recheckSeconds: 0, refreshInBackground: true) { store in
            // The second build waits until the test opens the gate.
            if (try? PetitionLedger(store: store).count) == 6 {
                while !gate.withLock({ $0 }) { Thread.sleep(forTimeInterval: 0.01) }
            }
            return try PetitionLedger(store: store)
        }
        #expect(try ledgers.current().count == 5, "the first value is built while the caller waits")
        let more = dir.write("more.geojsonl", #"{"type":"Feature","geometry":{"type":"Point","coordinates":[101.715,26.58]},"properties":{"id":"PF","received_at":"2026-11-05T08:00:00+08:00","channel":"web","kind":"request","category":"water","text":"新"}}"# + "\n")
        _ = try importer.import(.petitions, file: more)
        // Stale while the rebuild runs, never blocked …
        #expect(try ledgers.current().count == 5)
        #expect(try ledgers.current().count == 5)
        gate.withLock { $0 = true }
        // … and fresh once it is done.
        var count = 5
        for _ in 0..<500 where count == 5 {
            try await Task.sleep(for: .milliseconds(10))
            count = try ledgers.current().count
        }
        #expect(count == 6)
    }
}
