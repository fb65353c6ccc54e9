import GridGeo
import GridModel
import Testing

/// The space-time permutation scan on hand-made data: a burst in two neighbouring places is found
/// and is significant; a surge everywhere, a place busy all year and plain noise are not.
@Suite struct SpaceTimeScanTests {
    /// 7 × 7 places 200 m apart; a year of background cases at `rate` a place a day (a busy
    /// place at ten times), seeded.
    static func background(rate: Double = 0.05, busy: Int? = nil, seed: UInt64 = 1) -> (cases: [SpaceTimeScan.Case], points: [(x: Double, y: Double)]) {
        var rng = SeededGenerator(seed: seed)
        let points = (0..<49).map { (x: Double($0 % 7) * 200, y: Double($0 / 7) * 200) }
        var cases: [SpaceTimeScan.Case] = []
        for day in 0..<365 {
            for place in 0..<49 {
                let r = place == busy ? rate * 10 : rate
                var n = 0
                while rng.chance(r / Double(n + 1)) && n < 20 { n += 1 }
                cases += Array(repeating: SpaceTimeScan.Case(location: place, day: day), count: n)
            }
        }
        return (cases, points)
    }

    @Test func aBurstInTwoNeighbouringPlacesIsFoundAndSignificant() {
        var (cases, points) = Self.background()
        // Places 24 (the centre) and 25 (200 m east): 5 extra cases each over the last two days.
        for day in [363, 364] { cases += Array(repeating: .init(location: 24, day: day), count: 3) + Array(repeating: .init(location: 25, day: day), count: 2) }
        let clusters = SpaceTimeScan.scan(cases: cases, points: points, days: 365, seed: 7)
        let top = try! #require(clusters.first)
        #expect(Set(top.locations).isSuperset(of: [24, 25]) && top.locations.count <= 4, "\(top)")
        #expect(top.windowDays <= 3 && top.observed >= 10 && top.expected < 3, "\(top)")
        #expect(top.pValue < 0.01, "\(top.pValue)")
        #expect(SpaceTimeScan.recurrenceDays(pValue: top.pValue, tests: 1) > 100)
    }

    @Test func aSurgeEverywhereIsNoCluster() {
        var (cases, points) = Self.background()
        // Every place three times as busy over the last three days: a purely temporal change.
        for day in 362...364 { for place in 0..<49 where (place + day) % 2 == 0 { cases += Array(repeating: .init(location: place, day: day), count: 2) } }
        let top = SpaceTimeScan.scan(cases: cases, points: points, days: 365, seed: 7).first
        #expect((top?.pValue ?? 1) > 0.05, "\(String(describing: top))")
    }

    @Test func aPlaceBusyAllYearIsNoCluster() {
        let (cases, points) = Self.background(busy: 10)
        let top = SpaceTimeScan.scan(cases: cases, points: points, days: 365, seed: 7).first
        #expect((top?.pValue ?? 1) > 0.05, "\(String(describing: top))")
    }

    @Test func plainNoiseRarelyRaisesAnAlarm() {
        // Twenty seeds of pure background: at most one cluster with p < 0.05 is expected by chance.
        var alarms = 0
        for seed in UInt64(1)...20 {
            let (cases, points) = Self.background(seed: seed)
            if let p = SpaceTimeScan.scan(cases: cases, points: points, days: 365, seed: seed).first?.pValue, p < 0.05 { alarms += 1 }
        }
        #expect(alarms <= 3, "\(alarms) of 20 noise-only scans gave p < 0.05")
    }

    @Test func theSameDataAndSeedGiveTheSameAnswer() {
        let (cases, points) = Self.background()
        #expect(SpaceTimeScan.scan(cases: cases, points: points, days: 365, seed: 3) == SpaceTimeScan.scan(cases: cases, points: points, days: 365, seed: 3))
    }
}
