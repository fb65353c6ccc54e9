import Dispatch
import GridGeo
import GridModel
import Synchronization

/// Early warning (未诉先办): the nightly scan for space-time clusters of petitions
/// (`SpaceTimeScan`), places where a problem keeps returning (`RecurringPlaces`) and meter
/// readings far above their baseline (`MeterAnomaly`); the warnings it stores (a finding that
/// continues the next day extends its warning), their status, and who is told.
public struct EarlyWarnings: Sendable {
    let store: any WanggeStore
    public var settings: Settings
    /// Names, units and scopes, read once and followed as the store changes (not on every request).
    private let registries: StoreSnapshot<DeskRegistry>

    public init(store: any WanggeStore, settings: Settings = Settings()) {
        self.store = store
        self.settings = settings
        registries = StoreSnapshot(store: store) { try DeskRegistry(store: $0) }
    }

    /// The methods' parameters (README, "Early warning").
    public struct Settings: Sendable, Equatable {
        public var scan = SpaceTimeScan.Parameters()
        /// Days of history each night's scan compares with.
        public var studyDays = 365
        /// A cluster is warned when, after adjusting for the categories scanned that night, one
        /// would wait this many days or more for one as unusual by chance.
        public var minimumRecurrenceDays = 100.0
        /// The side of the hexagons cases are gathered in, metres.
        public var binMetres = 200.0
        public var recurring = RecurringPlaces()
        public var meters = MeterAnomaly()

        public init() {}
    }

    /// What one night's scan found.
    public struct NightReport: Sendable, Equatable {
        public var day: Int
        public var new = 0
        public var extended = 0
    }

    /// Runs the nightly scan for every day in `fromDay...toDay`, as the server would have on each
    /// night, and stores the warnings. Running it again for the same days adds nothing.
    /// With several servers over one database, one of them scans; the others return at once.
    public func scan(fromDay: Int, toDay: Int, at now: Timestamp, progress: (NightReport) -> Void = { _ in }) throws {
        guard fromDay <= toDay else { return }
        _ = try store.exclusively("nightly-scan") { try scanAlone(fromDay: fromDay, toDay: toDay, at: now, progress: progress) }
    }

    private func scanAlone(fromDay: Int, toDay: Int, at now: Timestamp, progress: (NightReport) -> Void) throws {
        let registry = try registries.current()
        // Every petition any of these nights may look at, read once.
        let history = try store.petitionSightings(fromDay: fromDay - settings.studyDays + 1, toDay: toDay)
        let meters = try store.meterSeries(fromDay: fromDay - settings.meters.baselineDays - settings.meters.consecutiveDays, toDay: toDay)
        let clusters = clusterNights(history, fromDay: fromDay, toDay: toDay, registry: registry)
        var lo = 0
        for day in fromDay...toDay {
            let first = day - settings.studyDays + 1
            while lo < history.count, history[lo].receivedDay < first { lo += 1 }
            var hi = lo
            while hi < history.count, history[hi].receivedDay <= day { hi += 1 }
            var report = NightReport(day: day)
            let found = (clusters[day] ?? [])
                + recurring(Array(history[lo..<hi]), day: day, registry: registry)
                + meterWarnings(meters, day: day, registry: registry)
            for w in found {
                if try record(w, day: day, at: now, registry: registry) { report.new += 1 } else { report.extended += 1 }
            }
            try store.markScanned(day: day, at: now)
            progress(report)
        }
    }

    /// Space-time clusters on `day`, one scan per category (sensitive categories are left out:
    /// their warnings would tell the many what only a few may know).
    public func clusters(_ sightings: [PetitionSighting], day: Int, firstDay: Int, registry: DeskRegistry) -> [EarlyWarning] {
        clusterNights(sightings, fromDay: day, toDay: day, registry: registry)[day] ?? []
    }

    /// The clusters of every night in `fromDay...toDay` — the same as scanning each night alone,
    /// with the work that nights share done once: each petition binned once, each category's
    /// circles built once over all its hexagons and cut down to each night's.
    /// - Parameter sightings: the petitions received from `fromDay - studyDays + 1` to `toDay`, oldest first.
    public func clusterNights(_ sightings: [PetitionSighting], fromDay: Int, toDay: Int, registry: DeskRegistry) -> [Int: [EarlyWarning]] {
        guard fromDay <= toDay else { return [:] }
        let bins = BinGrid(shape: .hex, size: settings.binMetres)
        let located = sightings.filter { $0.location != nil && !registry.sensitiveCategories.contains($0.category) }
        let groups = Dictionary(grouping: located, by: \.category).sorted { $0.key < $1.key }
        let nights = Array(fromDay...toDay)
        // The categories scanned each night (those with a petition in its study period), for the adjustment.
        var counted = [Int](repeating: 0, count: nights.count)
        for (_, list) in groups {
            for (n, day) in nights.enumerated() {
                // The first petition after the study period's start (the list is in day order).
                var a = 0, b = list.count
                while a < b { let m = (a + b) / 2; if list[m].receivedDay > day - settings.studyDays { b = m } else { a = m + 1 } }
                if a < list.count, list[a].receivedDay <= day { counted[n] += 1 }
            }
        }
        let tested = counted
        let found = Mutex<[[[EarlyWarning]]]>(Array(repeating: [], count: groups.count))
        let (settings, study) = (settings, settings.studyDays)
        // One category's nights per task, the categories spread over the cores.
        DispatchQueue.concurrentPerform(iterations: groups.count) { g in
            let (category, list) = groups[g]
            // Locations: the hexagons holding the category's petitions in any night's study period.
            var index: [Int64: Int] = [:]
            var points: [(x: Double, y: Double)] = []
            var binOf: [Int] = []
            binOf.reserveCapacity(list.count)
            for s in list {
                let p = EqualAreaPlane.project(lon: s.location!.lon, lat: s.location!.lat)
                let (i, j) = bins.bin(x: p.x, y: p.y)
                let key = Int64(i) << 32 | Int64(UInt32(bitPattern: j))
                if let k = index[key] { binOf.append(k) } else {
                    index[key] = points.count
                    binOf.append(points.count)
                    points.append(bins.centre(i, j))
                }
            }
            // The circles are carried from night to night: only what changed is redone.
            let series = SpaceTimeScan.Series(cases: list.indices.map { SpaceTimeScan.Case(location: binOf[$0], day: list[$0].receivedDay) },
                                              points: points, studyDays: study, parameters: settings.scan, manyNights: nights.count > 1)
            var out: [[EarlyWarning]] = []
            var lo = 0, hi = 0
            for (n, day) in nights.enumerated() {
                // The petitions received in the study period (for the warnings' details).
                while hi < list.count, list[hi].receivedDay <= day { hi += 1 }
                while lo < hi, list[lo].receivedDay <= day - study { lo += 1 }
                let seed = UInt64(bitPattern: Int64(day)) &* 0x9E37_79B9 &+ UInt64(category.utf8.reduce(5381) { ($0 &* 33) &+ UInt64($1) })
                let clusters = series.scan(night: day, seed: seed)
                var warnings: [EarlyWarning] = []
                for c in clusters {
                    let recurrence = SpaceTimeScan.recurrenceDays(pValue: c.pValue, tests: tested[n])
                    guard recurrence >= settings.minimumRecurrenceDays else { continue }
                    let members = Set(c.locations)
                    let inside = (lo..<hi).filter { members.contains(binOf[$0]) && list[$0].receivedDay > day - c.windowDays }.map { list[$0] }
                    let centre = EqualAreaPlane.unproject(x: points[c.centre].x, y: points[c.centre].y)
                    // The circle reaches the farthest hexagon's edge.
                    let radius = c.radiusMetres + settings.binMetres
                    let name = registry.categories[category]?.nameZh ?? category
                    warnings.append(EarlyWarning(id: "", kind: .cluster, category: category, startDay: day - c.windowDays + 1, endDay: day,
                                                 observed: c.observed, expected: c.expected, pValue: c.pValue, recurrenceDays: recurrence,
                                                 radiusMetres: radius, centre: centre, outline: EarlyWarning.circle(around: centre, radius: radius),
                                                 grids: Array(Set(inside.compactMap(\.grid))).sorted(), units: Array(Set(inside.compactMap(\.unit))).sorted(),
                                                 petitions: inside.map(\.id),
                                                 summary: "\(name)诉求近\(c.windowDays)天在半径\(Int(radius.rounded()))米内\(c.observed)件，预期\(Self.one(c.expected))件"))
                }
                out.append(warnings)
            }
            found.withLock { $0[g] = out }
        }
        let all = found.withLock { $0 }
        var byNight: [Int: [EarlyWarning]] = [:]
        for (n, day) in nights.enumerated() { byNight[day] = all.flatMap { $0.count > n ? $0[n] : [] } }
        return byNight
    }

    /// Buildings where a category keeps returning, on `day`. (A grid cell is too coarse for this:
    /// a busy cell sees most categories every few weeks, which is no recurring problem; petitions
    /// placed in no building are left to the cluster scan.)
    func recurring(_ sightings: [PetitionSighting], day: Int, registry: DeskRegistry) -> [EarlyWarning] {
        let input = sightings.compactMap { s -> RecurringPlaces.Sighting? in
            guard let place = s.building, !registry.sensitiveCategories.contains(s.category) else { return nil }
            return RecurringPlaces.Sighting(petition: s.id, category: s.category, place: place, receivedDay: s.receivedDay, resolvedDay: s.resolvedDay)
        }
        let byID = Dictionary(sightings.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return settings.recurring.findings(input, on: day).compactMap { f in
            let behind = f.petitions.compactMap { byID[$0] }
            let points = behind.compactMap(\.location)
            guard let first = points.first else { return nil }
            let centre = Coordinate(lon: points.map(\.lon).reduce(0, +) / Double(points.count), lat: points.map(\.lat).reduce(0, +) / Double(points.count))
            let outline = (try? store.buildingPlace(id: f.place))?.footprint ?? EarlyWarning.circle(around: first, radius: 30)
            let name = registry.categories[f.category]?.nameZh ?? f.category
            return EarlyWarning(id: "", kind: .recurring, category: f.category, startDay: f.firstDay, endDay: day, observed: f.petitions.count,
                                centre: centre, outline: outline, grids: Array(Set(behind.compactMap(\.grid))).sorted(),
                                units: Array(Set(behind.compactMap(\.unit))).sorted(), building: f.place,
                                petitions: f.petitions,
                                summary: "\(name)诉求\(settings.recurring.windowDays)天内\(f.petitions.count)件，其中\(f.returns)件在办结后再次发生")
        }
    }

    /// Meters whose readings ran far above their baseline for the last days up to `day`.
    func meterWarnings(_ series: [(building: String, meter: String, kind: String, values: [Int: Double])], day: Int,
                       registry: DeskRegistry) -> [EarlyWarning] {
        series.compactMap { s in
            guard let hit = settings.meters.check(s.values, on: day), let b = try? store.buildingPlace(id: s.building) else { return nil }
            let units = registry.areas.units(for: b.placement).map(\.id)
            return EarlyWarning(id: "", kind: .meter, category: nil, startDay: hit.startDay, endDay: day, observed: Int(hit.value.rounded()),
                                expected: hit.median, centre: b.centre, outline: b.footprint ?? EarlyWarning.circle(around: b.centre, radius: 30),
                                grids: b.placement[.grid].map { [$0] } ?? [], units: units, building: s.building, meter: s.meter,
                                summary: "\(s.building) \(s.meter)（\(s.kind)）连续\(settings.meters.consecutiveDays)天异常：\(Self.one(hit.value))，基线中位数\(Self.one(hit.median))")
        }
    }

    /// Stores a finding: it extends the warning it continues, else it is a new one (and its
    /// place's grid workers and units are told). Returns whether it was new.
    func record(_ finding: EarlyWarning, day: Int, at now: Timestamp, registry: DeskRegistry) throws -> Bool {
        let candidates = try store.warnings(fromDay: day - 1, toDay: nil, kind: finding.kind, category: finding.category, status: nil)
        if let existing = candidates.first(where: { $0.isContinued(by: finding) }) {
            try store.putWarning(existing.extended(by: finding), notice: nil)
            return false
        }
        var w = finding
        w.id = "W" + String(Timestamp.date(ofDay: day).filter { $0 != "-" }) + "-" + String(format3(try store.nextWarningNumber(day: day)))
        let placement = w.grids.first.map { registry.areas.placement(ofArea: $0) } ?? AreaPlacement()
        let notice = DeskNotice(at: now, type: .earlyWarning, petition: w.id, unit: w.units.first, assistingUnits: Array(w.units.dropFirst()),
                                placement: placement, category: w.category ?? "", summary: w.kind.chineseName + "：" + w.summary)
        try store.putWarning(w, notice: notice)
        return true
    }

    private func format3(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }

    static func one(_ v: Double) -> String { String((v * 10).rounded() / 10) }

    /// Changes a warning's status (acknowledged or closed) with a note, if the caller may.
    public func setStatus(id: String, to status: EarlyWarning.Status, note: String?, by caller: Caller, at now: Timestamp) throws -> EarlyWarning? {
        try caller.require(.postEvents)
        guard try warning(id: id, for: caller) != nil, try store.setWarningStatus(id: id, to: status, note: note, at: now, by: caller.actor, origin: caller.origin) else { return nil }
        return try store.warning(id: id)
    }

    /// A warning's status changes, oldest first.
    public func events(of id: String) throws -> [(at: String, actor: String, status: String, note: String?)] {
        try store.warningEvents(id: id)
    }

    /// The last day the nightly scan covered, if any.
    public func lastScannedDay() throws -> Int? { try store.lastScannedDay() }

    /// The warnings the caller may see: those of its cells (a grid worker), those naming its unit
    /// (a unit), all (dispatchers, inspectors, admins).
    public func list(fromDay: Int? = nil, toDay: Int? = nil, kind: EarlyWarning.Kind? = nil, category: String? = nil,
                     status: EarlyWarning.Status? = nil, for caller: Caller) throws -> [EarlyWarning] {
        try caller.require(.readPetitions)
        let registry = try registries.current()
        return try store.warnings(fromDay: fromDay, toDay: toDay, kind: kind, category: category, status: status).filter { visible($0, caller, registry) }
    }

    /// One warning the caller may see, or nil.
    public func warning(id: String, for caller: Caller) throws -> EarlyWarning? {
        try caller.require(.readPetitions)
        guard let w = try store.warning(id: id) else { return nil }
        return visible(w, caller, try registries.current()) ? w : nil
    }

    func visible(_ w: EarlyWarning, _ caller: Caller, _ registry: DeskRegistry) -> Bool {
        if let unit = caller.unit { return w.units.contains(unit) }
        if caller.area != nil { return w.grids.contains { caller.covers(registry.areas.placement(ofArea: $0)) } }
        return true
    }
}
