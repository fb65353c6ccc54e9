import ArgumentParser
import Foundation
import GridDemo
import GridGeo
import GridModel
import GridService
import GridStore

/// `wangge-bench warnings`: early warning on seeded data with known answers — the demo district
/// with a year and a half of petitions, clusters injected over the last six months among decoys
/// (a district-wide surge of one category, places busy all year); the nightly scan run for each of
/// those days through the service and the store, as the server would. Prints how many injected
/// clusters were found within two days of their start, the false cluster warnings per month, and
/// the time. Then one night's cluster scan over a million petitions a year on the 100,000-cell city.
struct WarningsBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "warnings",
        abstract: "Early warning: recall of injected clusters, false warnings per month, scan time (demo district, then 1 M petitions on the city).")

    @Option(help: "Clusters injected over the six months scanned.") var clusters = 12
    @Option(help: "Seed of the scenario.") var seed: UInt64 = 2026
    @Option(help: "Petitions a year on the city map.") var cityPetitions = 1_000_000
    @Flag(help: "Skip the city.") var demoOnly = false

    func run() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-bench-warnings-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (demo, store) = try demoStore(in: dir)
        let registry = try DeskRegistry(store: store)
        let locator = try Locator(store: store)
        var box = BoundingBox.empty
        for a in demo.areas where a.level == .grid { box.extend(a.boundary.boundingBox) }
        let categories = registry.categories.keys.filter { !registry.sensitiveCategories.contains($0) }.sorted()
        let lastDay = Timestamp.day(fromDate: "2026-11-30")!
        let scenario = WarningScenario.generate(in: box, categories: categories, lastDay: lastDay, clusters: clusters, seed: seed)
        var petitions: [Petition] = []
        for s in scenario.sightings {
            var p = Petition(id: s.id, receivedAt: Timestamp(seconds: Int64(s.day) * 86_400 + 3600), channel: .hotline, kind: .request,
                             category: s.category, urgency: .normal, text: "", location: s.location, status: .closed)
            p.placement = locator.placement(lon: s.location.lon, lat: s.location.lat)
            if let c = registry.categories[s.category] {
                p.unit = registry.router.route(category: c, kind: .request, urgency: .normal, placement: p.placement).lead?.id
            }
            petitions.append(p)
        }
        try store.storePetitions(petitions, source: "bench")
        // The meters, each in a building of its own.
        let buildings = demo.buildings.map(\.id)
        var readings: [MeterReading] = []
        for (k, series) in scenario.meters.enumerated() {
            for (day, value) in series { readings.append(MeterReading(building: buildings[k * 37 % buildings.count], meter: "W-\(k)", kind: "water", day: day, value: value)) }
        }
        try store.storeReadings(readings, source: "bench")
        let scanDays = 180
        print("demo district: \(scenario.sightings.count) petitions over \(lastDay - scenario.firstDay + 1) days, \(clusters) clusters injected in the last \(scanDays), \(categories.count) categories")
        let warnings = EarlyWarnings(store: store)
        let (_, t) = try timed { try warnings.scan(fromDay: lastDay - scanDays + 1, toDay: lastDay, at: Timestamp(seconds: Int64(lastDay + 1) * 86_400)) }
        let found = try store.warnings(kind: .cluster)
        // A warning raised on day d (its id says the day) for the injection's category whose circle
        // reaches the injection's centre.
        func raisedDay(_ w: EarlyWarning) -> Int { Timestamp.day(fromDate: String(w.id.dropFirst().prefix(8)).inserting("-", at: [4, 6])) ?? 0 }
        var matched = Set<String>()
        var detected = 0, delays: [Int] = []
        for inj in scenario.injections {
            let hits = found.filter { $0.category == inj.category && Geodesy.distance($0.centre, inj.centre) <= ($0.radiusMetres ?? 0) + 300
                && raisedDay($0) >= inj.startDay && raisedDay($0) <= inj.startDay + inj.days + 2 }
            matched.formUnion(hits.map(\.id))
            if let first = hits.map(raisedDay).min(), first <= inj.startDay + 2 {
                detected += 1
                delays.append(first - inj.startDay)
            }
        }
        let falseWarnings = found.filter { !matched.contains($0.id) }
        print("found \(detected) of \(scenario.injections.count) injected clusters within 2 days of their start (delays in days: \(delays.sorted()))")
        print("false cluster warnings: \(falseWarnings.count) in \(scanDays) days = \(f(Double(falseWarnings.count) / Double(scanDays) * 30, 2)) a month")
        for w in falseWarnings.prefix(5) { print("  false: \(w.id) \(w.category ?? "") \(w.summary) p=\(w.pValue ?? 1)") }
        print("recurring-place warnings: \(try store.warnings(kind: .recurring).count)")
        let meterWarnings = try store.warnings(kind: .meter)
        let caught = scenario.meterAnomalies.filter { a in
            meterWarnings.contains { $0.meter == "W-\(a.series)" && $0.endDay >= a.startDay + 2 && $0.startDay <= a.startDay + a.days }
        }
        let wrong = meterWarnings.filter { w in !scenario.meterAnomalies.contains { "W-\($0.series)" == w.meter } }
        print("meters: \(caught.count) of \(scenario.meterAnomalies.count) injected runs of 3–5 high days warned; \(wrong.count) warnings on meters without one (\(scenario.meters.count) meters, single-day spikes among them)")
        print("scan of \(scanDays) nights (clusters, recurring places, meters; reading and writing the store): \(f(t)) s, \(f(t / Double(scanDays) * 1000, 0)) ms a night")

        guard !demoOnly else { return }
        let (city, tCity) = timed { SyntheticCity.grid(buildingsPerCell: 0) }
        var cityBox = BoundingBox.empty
        for a in city.areas where a.level == .district { cityBox.extend(a.boundary.boundingBox) }
        // Two years of petitions: the last year's nights each look a year back.
        let cityScenario = WarningScenario.generate(in: cityBox, categories: categories, lastDay: lastDay, days: 730, scanDays: 30,
                                                    perDay: Double(cityPetitions) / 365, clusters: 3, seed: seed)
        let sightings = cityScenario.sightings.map {
            PetitionSighting(id: $0.id, category: $0.category, location: $0.location, receivedDay: $0.day)
        }.sorted { ($0.receivedDay, $0.id) < ($1.receivedDay, $1.id) }
        print("city: \(city.areas.count) areas (\(f(tCity)) s to generate), \(sightings.count) petitions over 730 days (\(cityPetitions) a year)")
        var nights: [Double] = []
        for night in 0..<3 {
            let day = lastDay - night
            let window = sightings.filter { $0.receivedDay <= day && $0.receivedDay > day - 365 }
            let (w, tNight) = timed { warnings.clusters(window, day: day, firstDay: day - 364, registry: registry) }
            nights.append(tNight)
            print("  one night alone, \(Timestamp.date(ofDay: day)): \(f(tNight)) s, \(w.count) cluster warnings")
        }
        nights.sort()
        print("one night's cluster scan over a year of \(cityPetitions) petitions: median \(f(nights[1])) s")
        let (year, tYear) = timed { warnings.clusterNights(sightings, fromDay: lastDay - 364, toDay: lastDay, registry: registry) }
        print("a year of nights (\(Timestamp.date(ofDay: lastDay - 364))…\(Timestamp.date(ofDay: lastDay)), each looking a year back) scanned together: \(f(tYear)) s, \(year.values.reduce(0) { $0 + $1.count }) cluster warnings; peak memory \(f(peakMemoryMiB(), 0)) MiB")
    }
}

private extension String {
    func inserting(_ c: Character, at offsets: [Int]) -> String {
        var out = ""
        for (k, ch) in enumerated() {
            if offsets.contains(k) { out.append(c) }
            out.append(ch)
        }
        return out
    }
}
