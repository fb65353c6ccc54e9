import ArgumentParser
import Foundation
import GridDemo
import GridGeo
import GridModel
import GridService
import GridStore
import Synchronization

/// `wangge-bench notices`: many notification subscribers while petitions are posted at a
/// steady rate, through the desk, the store and the notice hub exactly as `wangge serve` runs
/// them (one pump polling every 200 ms), without the HTTP layer. Prints whether every subscriber
/// got every notice meant for it, and the latency from intake to receipt.
struct NoticesBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "notices",
        abstract: "1,000 notification subscribers while 200 petitions/s are posted: delivery and latency.")

    @Option(help: "Subscribers.") var subscribers = 1000
    @Option(help: "Petitions posted per second.") var rate = 200
    @Option(help: "Seconds of posting.") var seconds = 10

    func run() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-bench-notices-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (demo, store) = try demoStore(in: dir)
        let desk = PetitionDesk(store: store)
        let hub = NoticeHub(store: store)
        let registry = try desk.registry()
        // A dispatcher's stream for every tenth subscriber, the rest units' streams, round robin.
        let units = registry.units.keys.sorted()
        let scopes: [PetitionScope] = (0..<subscribers).map { k in
            k % 10 == 0 ? PetitionScope() : PetitionScope(unit: units[k % units.count], hiddenCategories: registry.sensitiveCategories)
        }
        let received = Inbox(subscribers)
        let clock = ContinuousClock()
        var readers: [Task<Void, Never>] = []
        for (k, scope) in scopes.enumerated() {
            let (stream, _) = try hub.subscribe(scope: scope, after: nil)
            readers.append(Task {
                for await n in stream { received.lists.withLock { $0[k].append((n.petition, clock.now)) } }
            })
        }
        let pumping = Task {
            while !Task.isCancelled {
                _ = try? hub.poll()
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        // Points inside the district's grid cells, seeded.
        var rng = SeededGenerator(seed: 42)
        let cells = demo.areas.filter { $0.level == .grid }
        let categories = registry.categories.keys.filter { !registry.sensitiveCategories.contains($0) }.sorted()
        var posted: [(DeskNotice, ContinuousClock.Instant)] = []
        let total = rate * seconds
        let start = clock.now
        for i in 0..<total {
            let due = start + .milliseconds(i * 1000 / rate)
            if clock.now < due { try await Task.sleep(until: due, clock: clock) }
            let cell = cells[Int(rng.next() % UInt64(cells.count))]
            guard let point = cell.boundary.interiorPoint else { continue }
            var intake = PetitionIntake(channel: .hotline, kind: .request, category: categories[i % categories.count], text: "基准测试",
                                        location: Coordinate(lon: point.lon + Double(i % 7) * 1e-6, lat: point.lat))
            intake.receivedAt = nil
            let record = try desk.intake(intake)
            if let e = record.events.first(where: { $0.action == .dispatch }), let n = DeskNotice.notice(for: e, on: record.petition) {
                posted.append((n, clock.now))
            }
        }
        let postingSeconds = seconds_(clock.now - start)
        try await Task.sleep(for: .seconds(2))
        pumping.cancel()
        hub.finishAll()
        for r in readers { await r.value }
        let got = received.lists.withLock { $0 }
        var latencies: [Double] = []
        var missing = 0, expected = 0
        let postedAt = Dictionary(posted.map { ($0.0.petition, $0.1) }, uniquingKeysWith: { a, _ in a })
        for (k, scope) in scopes.enumerated() {
            let mine = Dictionary(got[k].map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
            for (n, _) in posted where n.concerns(scope) {
                expected += 1
                guard let at = mine[n.petition], let sent = postedAt[n.petition] else { missing += 1; continue }
                latencies.append(seconds_(at - sent) * 1000)
            }
        }
        latencies.sort()
        func q(_ p: Double) -> Double { latencies.isEmpty ? .nan : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        print("posted \(total) petitions in \(f(postingSeconds)) s (\(f(Double(total) / postingSeconds, 0))/s); \(posted.count) dispatched at once (the rest held as likely repeats), each a notice for \(subscribers) subscribers")
        print("deliveries expected \(expected), missing \(missing)")
        print("latency intake → subscriber: p50 \(f(q(0.5), 1)) ms, p99 \(f(q(0.99), 1)) ms, max \(f(latencies.last ?? .nan, 1)) ms")
        print("peak memory \(f(peakMemoryMiB(), 0)) MiB")
    }
}

/// What each subscriber received and when.
private final class Inbox: Sendable {
    let lists: Mutex<[[(String, ContinuousClock.Instant)]]>
    init(_ count: Int) { lists = Mutex(Array(repeating: [], count: count)) }
}

private func seconds_(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
