import GridGeo
@testable import GridModel
import Testing

/// A run of nights scanned as one series gives exactly what each night scanned alone gives, and
/// the circles it keeps up to date from night to night are the circles built from scratch.
@Suite struct SpaceTimeSeriesTests {
    /// 300 places scattered over 3 km × 3 km (denser than a circle's 30-place wide list reaches
    /// at 1 km), rare cases so that places come and go from the study period, and a burst.
    static func scattered(seed: UInt64) -> (cases: [SpaceTimeScan.Case], points: [(x: Double, y: Double)]) {
        var rng = SeededGenerator(seed: seed)
        let points = (0..<300).map { _ in (x: (Double(rng.next() % 3000)).rounded(), y: (Double(rng.next() % 3000)).rounded()) }
        var cases: [SpaceTimeScan.Case] = []
        for day in 0..<160 {
            for place in points.indices where rng.chance(0.004) { cases.append(.init(location: place, day: day)) }
            if (120..<123).contains(day) { cases += Array(repeating: .init(location: 7, day: day), count: 3) }
        }
        return (cases, points)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func aSeriesOfNightsGivesWhatEachNightAloneGives(seed: UInt64) {
        let (cases, points) = Self.scattered(seed: seed)
        var parameters = SpaceTimeScan.Parameters()
        parameters.replicates = 19
        let study = 40
        let series = SpaceTimeScan.Series(cases: cases, points: points, studyDays: study, parameters: parameters, manyNights: true)
        var clustersSeen = 0
        for night in stride(from: 30, to: 160, by: 3) {
            let together = series.scan(night: night, seed: UInt64(night))
            let window = cases.filter { $0.day > night - study && $0.day <= night }.map { SpaceTimeScan.Case(location: $0.location, day: $0.day - (night - study + 1)) }
            let alone = SpaceTimeScan.scan(cases: window, points: points, days: study, parameters: parameters, seed: UInt64(night))
            #expect(together == alone, "night \(night)")
            clustersSeen += together.count
        }
        #expect(clustersSeen > 0)
    }

    @Test func theCirclesKeptUpToDateAreTheCirclesBuiltFromScratch() {
        var rng = SeededGenerator(seed: 11)
        let points = (0..<400).map { _ in (x: Double(rng.next() % 2500), y: Double(rng.next() % 2500)) }
        let kept = SpaceTimeScan.Circles(points: points, radius: 1000, limit: 10, wideLimit: 30)
        var present = [Int32](repeating: 0, count: points.count)
        var exactUsed = false
        for step in 0..<40 {
            // Sparse then dense then sparse again: wide lists run short, then suffice.
            let share = step < 20 ? 0.02 + Double(step) * 0.04 : 0.8 - Double(step - 20) * 0.04
            var changed: [Int] = []
            for k in points.indices where rng.chance(0.3) {
                let now: Int32 = rng.chance(share) ? 1 : 0
                if (now > 0) != (present[k] > 0) { changed.append(k) }
                present[k] = now
            }
            kept.update(changed: changed, present: present)
            let scratch = SpaceTimeScan.Circles(points: points, radius: 1000, limit: 10, wideLimit: nil)
            scratch.update(changed: points.indices.filter { present[$0] > 0 }, present: present)
            #expect(points.indices.allSatisfy { kept.circle($0).map(\.location) == scratch.circle($0).map(\.location) }, "step \(step)")
            #expect(kept.reach.map { Set($0) } == scratch.reach.map { Set($0) }, "step \(step)")
            exactUsed = exactUsed || kept.usesExactCircles
        }
        #expect(exactUsed, "the sparse steps search some circles directly")
    }
}
