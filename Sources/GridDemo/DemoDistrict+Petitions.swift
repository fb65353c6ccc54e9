import GridGeo
import GridModel

extension DemoDistrict {
    /// The demo year: 365 days ending the day before 2026-11-22.
    static let firstDay = CivilDate(year: 2025, month: 11, day: 22)

    /// Where petitions cluster: one place, one problem, for a while (a burst main, a road
    /// collapse, a night market, a compound whose property manager never answers).
    struct Hotspot {
        var centre: Coordinate
        var category: String
        var days: Range<Int>
        var metres: Double
        var weight: Double
    }

    mutating func makePetitions(count: Int, _ layout: Layout, rng: inout SeededGenerator) {
        let specs = DemoCatalog.categories
        let districtIndex = PolygonIndex([layout.district.boundary])
        let box = layout.district.boundary.boundingBox
        let kx = Geodesy.metresPerDegreeLongitude(atLatitude: Self.origin.lat)
        let ky = Geodesy.metresPerDegreeLatitude(atLatitude: Self.origin.lat)
        let hotspots: [Hotspot] = [
            Hotspot(centre: rng.pick(buildings).position, category: "water", days: 60..<70, metres: 150, weight: 3),
            Hotspot(centre: rng.pick(buildings).position, category: "water", days: 250..<262, metres: 180, weight: 3),
            Hotspot(centre: rng.pick(buildings).position, category: "roads", days: 190..<215, metres: 120, weight: 2),
            Hotspot(centre: rng.pick(buildings).position, category: "noise", days: 0..<365, metres: 200, weight: 4),
            Hotspot(centre: rng.pick(buildings).position, category: "property", days: 0..<365, metres: 90, weight: 4),
            Hotspot(centre: rng.pick(buildings).position, category: "drainage", days: 200..<290, metres: 250, weight: 3),
            Hotspot(centre: rng.pick(buildings).position, category: "medical", days: 0..<365, metres: 100, weight: 2),
            Hotspot(centre: rng.pick(buildings).position, category: "pollution", days: 120..<180, metres: 300, weight: 2),
        ]
        var householdsOf: [String: [Household]] = [:]
        for h in households { householdsOf[h.building, default: []].append(h) }
        let buildingWeights = buildings.map { Double(householdsOf[$0.id]?.count ?? 0) + 1 }
        let channels = ["hotline", "miniapp", "web", "service_point", "visit", "letter"]
        let channelShares = [45.0, 30, 10, 8, 5, 2]
        let kinds = ["request", "complain", "consult", "suggest"]
        let kindShares = [50.0, 25, 15, 10]
        var drafts: [(day: Int, minute: Int, feature: Feature)] = []
        drafts.reserveCapacity(count)

        for n in 0..<count {
            var position: Coordinate?
            var building: Building?
            var category = specs[rng.weighted(specs.map(\.share))].code
            var day = rng.int(0...364)
            let mode = rng.weighted([62, 23, 15])
            if mode == 0 {
                let b = buildings[rng.weighted(buildingWeights)]
                building = b
                position = Coordinate(lon: b.position.lon + rng.gaussian() * 8 / kx, lat: b.position.lat + rng.gaussian() * 8 / ky)
            } else if mode == 1 {
                let h = hotspots[rng.weighted(hotspots.map(\.weight))]
                category = h.category
                day = rng.int(h.days.lowerBound...(h.days.upperBound - 1))
                position = Coordinate(lon: h.centre.lon + rng.gaussian() * h.metres / 2 / kx,
                                      lat: h.centre.lat + rng.gaussian() * h.metres / 2 / ky)
            } else {
                repeat {
                    position = Coordinate(lon: rng.uniform(box.minLon, box.maxLon), lat: rng.uniform(box.minLat, box.maxLat))
                } while !districtIndex.contains(item: 0, lon: position!.lon, lat: position!.lat)
            }
            // The rainy season (June–September) brings water and drainage complaints.
            let month = (Self.firstDay.adding(days: day)).month
            if (6...9).contains(month) && mode != 1 && rng.chance(0.08) { category = rng.chance(0.5) ? "drainage" : "water" }
            let spec = specs.first { $0.code == category }!
            let minute = rng.weighted([1, 1, 1, 1, 1, 1, 2, 6, 9, 9, 8, 7, 5, 6, 8, 8, 7, 6, 5, 5, 5, 4, 2, 1]) * 60 + rng.int(0...59)
            let compound = building?.name ?? rng.pick(buildings).name ?? "阳光小区"
            let road = rng.pick(DemoNames.roads)
            var text = rng.pick(spec.texts)
            text = text.replacing("{c}", with: compound).replacing("{b}", with: building?.number ?? String(rng.int(1...12)))
                .replacing("{r}", with: road)
            var address: String?
            if let building, rng.chance(0.7) {
                if rng.chance(0.35), let h = householdsOf[building.id], !h.isEmpty { address = rng.pick(h).address } else { address = building.address }
            } else if rng.chance(0.4) {
                address = "攀枝花市东区\(road)\(2 * rng.int(1...80))号附近"
            }
            if address != nil && rng.chance(0.03) { position = nil }
            let age = 364 - day
            let status: String
            if age > 45 {
                status = ["closed", "resolved", "rejected", "replied"][rng.weighted([92, 4, 2, 2])]
            } else if age > 10 {
                status = ["closed", "resolved", "replied", "accepted", "dispatched"][rng.weighted([50, 25, 15, 7, 3])]
            } else {
                status = ["received", "dispatched", "accepted", "replied", "resolved"][rng.weighted([10, 30, 30, 20, 10])]
            }
            var props = JSONObject([
                ("received_at", .string(Self.firstDay.adding(days: day).rfc3339(minute: minute))),
                ("channel", .string(channels[rng.weighted(channelShares)])),
                ("kind", .string(kinds[rng.weighted(kindShares)])),
                ("category", .string(category)),
                ("urgency", .string(["normal", "urgent", "critical"][rng.weighted([85, 12, 3])])),
                ("text", .string(text)),
                ("status", .string(status)),
            ])
            if let address { props["address"] = .string(address) }
            // Milestones from their own stream, so the petitions themselves do not change with them.
            var steps = SeededGenerator(seed: UInt64(n) &* 0x9E37_79B9_7F4A_7C15 ^ 0x6D69_6C65_7374_6F6E)
            for (key, value) in Self.milestones(status: status, kind: props["kind"]!.stringValue!, received: props["received_at"]!.stringValue!,
                                                 rng: &steps) {
                props[key] = value
            }
            drafts.append((day, minute, Feature(geometry: position.map { .point(Self.r7($0)) }, properties: props)))
        }
        drafts.sort { ($0.day, $0.minute) < ($1.day, $1.minute) }
        petitions = drafts.enumerated().map { k, d in
            var f = d.feature
            var props = JSONObject([("id", .string("SQ" + String(Self.firstDay.adding(days: d.day).year) + format6(k + 1)))])
            for m in f.properties { props[m.key] = m.value }
            f.properties = props
            return f
        }
    }
}

extension DemoDistrict {
    /// When a history petition passed each step up to its status, and how the petitioner
    /// judged it: mostly on time, some late, a few dissatisfied — near the published figures
    /// (satisfaction about 95%, on-time about 93%).
    public static func milestones(status: String, kind: String, received: String, rng: inout SeededGenerator) -> [(String, JSONValue)] {
        guard case .success(let start) = Timestamp.parse(received) else { return [] }
        let order = ["received", "dispatched", "accepted", "replied", "resolved", "closed"]
        let reached = order.firstIndex(of: status) ?? 0
        var out: [(String, JSONValue)] = []
        var t = start.seconds
        func step(_ key: String, _ seconds: Double) {
            t += Int64(seconds)
            out.append((key, .string(Timestamp(seconds: t).description)))
        }
        guard reached >= 1 else { return [] }
        // A consultation is answered at once (the same day); the rest take days.
        let consult = kind == "consult"
        step("dispatched_at", rng.uniform(300, consult ? 3600 : rng.chance(0.97) ? 6 * 3600 : 40 * 3600))
        if reached >= 3 { step("replied_at", rng.uniform(600, consult ? 3 * 3600 : rng.chance(0.93) ? 4 * 86_400 : 9 * 86_400)) }
        if reached >= 4 {
            step("resolved_at", consult ? 60 : rng.uniform(86_400, rng.chance(0.92) ? 12 * 86_400 : 40 * 86_400))
            out.append(("outcome", .string(["resolved", "partly", "not_resolved"][rng.weighted([94, 4, 2])])))
        }
        if reached >= 5 {
            step("closed_at", rng.uniform(3600, 3 * 86_400))
            out.append(("rating", .string(["satisfied", "mostly", "not_satisfied"][rng.weighted([86, 10, 4])])))
        }
        return out
    }
}

/// A calendar date, for generating timestamps without a time-zone database.
struct CivilDate: Sendable {
    var year: Int
    var month: Int
    var day: Int

    /// Days since 1970-01-01.
    var dayNumber: Int { Timestamp.daysFromCivil(year: year, month: month, day: day) }

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(dayNumber: Int) {
        (year, month, day) = Timestamp.civil(fromDays: dayNumber)
    }

    func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// Local time in China (UTC+8), minute of the day given.
    func rfc3339(minute: Int) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(minute / 60)):\(two(minute % 60)):00+08:00"
    }
}
