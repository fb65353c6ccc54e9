import GridGeo

/// A seeded test of early warning: a year and a half of petitions over a box, with what a scan
/// must find and what it must not — injected clusters (one category, a few hundred metres, a few
/// days) among decoys: a seasonal surge of one category everywhere, and places busy all year.
public struct WarningScenario: Sendable {
    /// One petition: where, when (day number), which category.
    public struct Sighting: Sendable {
        public var id: String
        public var category: String
        public var location: Coordinate
        public var day: Int
    }

    /// A cluster put in on purpose: what a scan should find.
    public struct Injection: Sendable {
        public var category: String
        public var centre: Coordinate
        public var startDay: Int
        public var days: Int
        public var cases: Int
    }

    public var sightings: [Sighting]
    public var injections: [Injection]
    /// Daily meter series (day → value) and the anomalies put into them (series, first day, days).
    public var meters: [[Int: Double]] = []
    public var meterAnomalies: [(series: Int, startDay: Int, days: Int)] = []
    public var firstDay: Int
    public var lastDay: Int

    /// - Parameters:
    ///   - perDay: background petitions a day over the whole box.
    ///   - clusters: clusters injected over the last `scanDays` days.
    public static func generate(in box: BoundingBox, categories: [String], lastDay: Int, days: Int = 545, scanDays: Int = 180,
                                perDay: Double = 60, clusters: Int = 12, seed: UInt64 = 2026) -> WarningScenario {
        var rng = SeededGenerator(seed: seed)
        let firstDay = lastDay - days + 1
        func point() -> Coordinate { Coordinate(lon: rng.uniform(box.minLon, box.maxLon), lat: rng.uniform(box.minLat, box.maxLat)) }
        // Places busy all year (a market, a school): a quarter of the background falls near them.
        let busy = (0..<8).map { _ in (point(), categories[Int(rng.next() % UInt64(categories.count))]) }
        // Category weights, unequal as in life.
        let weights = categories.indices.map { 1.0 / Double($0 + 2) }
        let surge = categories[0], surgeStart = lastDay - 100
        var out: [Sighting] = []
        func jitter(_ c: Coordinate, _ metres: Double) -> Coordinate {
            Coordinate(lon: c.lon + rng.gaussian() * metres / Geodesy.metresPerDegreeLongitude(atLatitude: c.lat),
                       lat: c.lat + rng.gaussian() * metres / Geodesy.metresPerDegreeLatitude(atLatitude: c.lat))
        }
        for day in firstDay...lastDay {
            // A poisson-ish count around `perDay`, a weekly rhythm.
            let mean = perDay * (day % 7 == 3 || day % 7 == 4 ? 0.7 : 1.08)
            let count = max(0, Int((mean + rng.gaussian() * mean.squareRoot()).rounded()))
            for _ in 0..<count {
                var category = categories[rng.weighted(weights)]
                var at = point()
                if rng.chance(0.25) {
                    let b = busy[Int(rng.next() % UInt64(busy.count))]
                    at = jitter(b.0, 60)
                    category = b.1
                }
                out.append(Sighting(id: "S\(out.count)", category: category, location: at, day: day))
            }
            // The decoy surge: the first category three times as frequent everywhere for two weeks.
            if day >= surgeStart && day < surgeStart + 14 {
                for _ in 0..<Int(perDay * weights[0] / weights.reduce(0, +) * 2) {
                    out.append(Sighting(id: "S\(out.count)", category: surge, location: point(), day: day))
                }
            }
        }
        var injections: [Injection] = []
        for k in 0..<clusters {
            let start = lastDay - scanDays + 5 + k * (scanDays - 10) / max(clusters, 1)
            let length = 1 + Int(rng.next() % 3)
            let cases = 8 + Int(rng.next() % 8)
            let injection = Injection(category: categories[Int(rng.next() % UInt64(categories.count))], centre: point(), startDay: start,
                                      days: length, cases: cases)
            injections.append(injection)
            for c in 0..<cases {
                out.append(Sighting(id: "I\(k)-\(c)", category: injection.category, location: jitter(injection.centre, 150),
                                    day: start + c % length))
            }
        }
        var scenario = WarningScenario(sightings: out, injections: injections, firstDay: firstDay, lastDay: lastDay)
        // Water meters: a weekly rhythm and noise around each one's own level; some jump for 3–5
        // days (a burst pipe), some for a single day (a misread meter: no warning wanted).
        for m in 0..<40 {
            let level = rng.uniform(20, 200)
            var series: [Int: Double] = [:]
            for day in firstDay...lastDay {
                series[day] = (level * (day % 7 == 5 ? 1.15 : 1) * (1 + rng.gaussian() * 0.06) * 10).rounded() / 10
            }
            if m % 4 == 0 {
                let start = lastDay - scanDays + 10 + m * 3, days = 3 + m % 3
                for d in start..<(start + days) { series[d] = (series[d] ?? level) * rng.uniform(2.2, 3.5) }
                scenario.meterAnomalies.append((m, start, days))
            } else if m % 4 == 1 {
                let d = lastDay - scanDays + 20 + m * 2
                series[d] = (series[d] ?? level) * 4
            }
            scenario.meters.append(series)
        }
        return scenario
    }
}
