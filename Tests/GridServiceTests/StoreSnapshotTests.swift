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

    /// With a share of the time for rebuilds, a rebuild of t seconds is followed by a rest of
    /// t × (1/share − 1) during which changes do not start another; after it they do. The value
    /// says the stamp it was built at, older than the store's while it rests.
    @Test func backgroundRebuildsRestInProportionToTheirCost() async throws {
        let dir = TemporaryDirectory()
        let (store, importer) = try loaded(dir)
        let builds = Mutex(0)
        let clock = ContinuousClock()
        let lastBuild = Mutex((start: clock.now, end: clock.now))
        let snapshot = StoreSnapshot(store: store, recheckSeconds: 0, following: .petitions, refreshInBackground: true,
                                     rebuildShare: 0.2) { store in
            // Each rebuild after the first takes at least 0.5 s: the rest after it at least 2 s.
            let start = clock.now
            if builds.withLock({ $0 += 1; return $0 }) > 1 { Thread.sleep(forTimeInterval: 0.5) }
            let count = try PetitionLedger(store: store).count
            lastBuild.withLock { $0 = (start, clock.now) }
            return count
        }
        #expect(try snapshot.current() == 5)
        func add(_ id: String) throws {
            let file = dir.write("\(id).geojsonl", #"{"type":"Feature","geometry":{"type":"Point","coordinates":[101.715,26.58]},"properties":{"id":"\#(id)","received_at":"2026-11-05T08:00:00+08:00","channel":"web","kind":"request","category":"water","text":"新"}}"# + "\n")
            _ = try importer.import(.petitions, file: file)
        }
        try add("PF")
        var seen = 5
        for _ in 0..<400 where seen == 5 {
            try await Task.sleep(for: .milliseconds(10))
            seen = try snapshot.current()
        }
        #expect(seen == 6 && builds.withLock { $0 } == 2)
        // Changed again at once: the value stays, with its older stamp, through the rest …
        try add("PG")
        let storeStamp = try StoreTopic.petitions.stamp(in: store)
        // (Checked only while the rest surely lasts: a loaded machine may take longer to look.)
        let build = lastBuild.withLock { $0 }
        let restEnd = build.end + (build.end - build.start) * 4
        let (value, stamp) = try snapshot.stamped()
        if clock.now < restEnd - .milliseconds(100) { #expect(value == 6 && stamp < storeStamp && builds.withLock { $0 } == 2) }
        try await Task.sleep(for: .milliseconds(300))
        let during = try snapshot.current()
        if clock.now < restEnd - .milliseconds(100) { #expect(during == 6 && builds.withLock { $0 } == 2, "no rebuild during the rest") }
        // … and is rebuilt after it.
        for _ in 0..<600 where seen == 6 {
            try await Task.sleep(for: .milliseconds(10))
            seen = try snapshot.current()
        }
        #expect(seen == 7 && builds.withLock { $0 } == 3)
        #expect(try snapshot.stamped().stamp == storeStamp)
    }
}
