import Dispatch
import Foundation
import GridGeo
import GridModel
import Synchronization

/// A heat map of petitions: the non-empty bins with their counts.
///
/// Every petition matching the filters whose point lies in the box is counted in exactly one
/// bin (hexagons and squares tile the plane), so the counts add up to `matched`; with
/// `bin=area`, petitions in the box that no area of the level holds are `unbinned`.
public struct Heatmap: Sendable {
    public struct Bin: Sendable {
        public var id: String
        public var count: Int
        public var open: Int
        public var overdue: Int
        /// The bin's outline and centre, WGS-84.
        public var outline: Geometry
        public var centre: Coordinate
        /// For area bins: the area, and petitions per 10,000 residents where residents are known.
        public var area: (id: String, name: String)?
        public var per10k: Double?
    }

    public var query: HeatmapQuery
    public var bins: [Bin]
    public var matched: Int
    public var unbinned: Int

    /// Counts the ledger's petitions as `query` asks, at time `now` (for `overdue`).
    public init(ledger: PetitionLedger, query: HeatmapQuery, now: Int64) throws(ParameterError) {
        self.query = query
        let box = query.bbox ?? ledger.extent
        let range = ledger.range(from: query.from, to: query.to)

        let filter = LedgerFilter(ledger: ledger, query: query, now: now)
        var matched = 0, unbinned = 0
        var bins: [Bin] = []
        switch query.bin {
        case .hex, .square:
            let grid = BinGrid(shape: query.bin == .hex ? .hex : .square, size: query.size)
            let b = EqualAreaPlane.bounds(of: box)
            let cover = grid.cover(minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY)
            let columns = cover.columns.count, rows = cover.rows.count
            let total = Double(columns) * Double(rows)
            if total > Double(HeatmapQuery.maxBins) {
                let needed = query.size * (total / Double(HeatmapQuery.maxBins)).squareRoot() * 1.05
                throw ParameterError(.tooLarge, "size", "a \(JSONValue.number(query.size).jsonText) m \(query.bin.rawValue) grid over this bbox makes ~\(Int(total)) bins, more than \(HeatmapQuery.maxBins); use size=\(Int(needed.rounded(.up))) or more, or a smaller bbox")
            }
            let c0 = cover.columns.lowerBound, r0 = cover.rows.lowerBound
            let xs = ledger.xs, ys = ledger.ys
            let tally = filter.tallyInParallel(range, in: box, slots: columns * rows) { k in
                let (i, j) = grid.bin(x: xs[k], y: ys[k])
                return (Int(j) - r0) * columns + (grid.column(i, j) - c0)
            }
            matched = tally.matched
            for slot in tally.counts.indices where tally.counts[slot] > 0 {
                let (i, j) = grid.bin(column: slot % columns + c0, row: slot / columns + r0)
                let c = grid.centre(i, j)
                bins.append(Bin(id: grid.id(i, j), count: Int(tally.counts[slot]), open: Int(tally.opens[slot]),
                                overdue: Int(tally.overdues[slot]), outline: .polygon(Polygon(exterior: grid.ring(i, j))),
                                centre: EqualAreaPlane.unproject(x: c.x, y: c.y)))
            }
        case .area:
            let areaOf = ledger.areaOf[query.level.rank]
            let tally = filter.tallyInParallel(range, in: box, slots: ledger.areas.count) { k in Int(areaOf[k]) }
            matched = tally.matched
            unbinned = tally.unbinned
            for (a, area) in ledger.areas.enumerated() where tally.counts[a] > 0 {
                let n = Int(tally.counts[a])
                bins.append(Bin(id: area.id, count: n, open: Int(tally.opens[a]), overdue: Int(tally.overdues[a]),
                                outline: .multiPolygon(area.boundary), centre: ledger.areaCentres[a],
                                area: (area.id, area.name),
                                per10k: ledger.residents[a].flatMap { $0 > 0 ? Double(n) * 10_000 / Double($0) : nil }))
            }
        }
        // Bins too sparse for the caller are left out, and so are their petitions from the counts.
        let shown = bins.filter { query.disclosure.shows(count: $0.count) }
        let unbinnedShown = query.disclosure.shows(count: unbinned) ? unbinned : 0
        self.bins = shown
        self.matched = shown.count == bins.count && unbinnedShown == unbinned ? matched : shown.reduce(0) { $0 + $1.count } + unbinnedShown
        self.unbinned = unbinnedShown
    }
}

/// The filters of a query as lookup tables, so the scan over petitions does no string work
/// (the heat maps' and the petition tiles' counts).
struct LedgerFilter {
    let ledger: PetitionLedger
    let now: Int64
    var categoryAllowed: [Bool]
    /// Statuses listed by name (or by `open`).
    var statusAllowed: [Bool]
    /// `overdue` listed: open petitions past their deadline match whatever their status.
    var overdueListed = false
    let openStatus = Petition.Status.allCases.map(\.isOpen)

    init(ledger: PetitionLedger, query: HeatmapQuery, now: Int64) {
        self.ledger = ledger
        self.now = now
        categoryAllowed = [Bool](repeating: query.categories.isEmpty, count: ledger.categoryCodes.count)
        for c in query.categories {
            if let k = ledger.categoryCodes.firstIndex(of: c) { categoryAllowed[k] = true }
        }
        for (k, code) in ledger.categoryCodes.enumerated() where query.hiddenCategories.contains(code) { categoryAllowed[k] = false }
        let cases = Petition.Status.allCases
        statusAllowed = [Bool](repeating: query.statuses.isEmpty, count: cases.count)
        for s in query.statuses {
            switch s {
            case "open": for (k, c) in cases.enumerated() where c.isOpen { statusAllowed[k] = true }
            case "overdue": overdueListed = true
            default: if let k = cases.firstIndex(where: { $0.rawValue == s }) { statusAllowed[k] = true }
            }
        }
    }

    struct Tally {
        var counts: [Int32]
        var opens: [Int32]
        var overdues: [Int32]
        var matched = 0
        var unbinned = 0
    }

    /// `tally` split over the cores for large ranges: each part counts into its own bins, then
    /// the parts are added up. Halves a city-wide heat map's time on two cores.
    func tallyInParallel(_ range: Range<Int>, in box: BoundingBox, slots: Int, slot: @escaping @Sendable (Int) -> Int) -> Tally {
        // Parts of at least 250,000 petitions, and not when merging large bin arrays costs more.
        let parts = min(ProcessInfo.processInfo.activeProcessorCount, range.count / 250_000, slots <= 1 << 20 ? 16 : 1)
        guard parts > 1 else { return tally(range, in: box, slots: slots, slot: slot) }
        let results = Mutex<[Tally]>([])
        DispatchQueue.concurrentPerform(iterations: parts) { p in
            let lo = range.lowerBound + range.count * p / parts, hi = range.lowerBound + range.count * (p + 1) / parts
            let t = tally(lo..<hi, in: box, slots: slots, slot: slot)
            results.withLock { $0.append(t) }
        }
        var all = results.withLock { $0 }
        var total = all.removeLast()
        for t in all {
            total.matched += t.matched
            total.unbinned += t.unbinned
            for s in 0..<slots {
                total.counts[s] += t.counts[s]
                total.opens[s] += t.opens[s]
                total.overdues[s] += t.overdues[s]
            }
        }
        return total
    }

    /// Counts the matching petitions of `range` inside `box` into `slots` bins; `slot` names a
    /// petition's bin (negative: none).
    @inline(__always)
    func tally(_ range: Range<Int>, in box: BoundingBox, slots: Int, slot: (Int) -> Int) -> Tally {
        var counts = [Int32](repeating: 0, count: slots), opens = counts, overdues = counts
        var matched = 0, unbinned = 0
        // Local copies: reading the ledger's columns through the class on every petition cost
        // a retain and an exclusivity check each.
        let lons = ledger.lons, lats = ledger.lats, categories = ledger.categories, statuses = ledger.statuses
        let resolveBy = ledger.resolveBy, categoryAllowed = categoryAllowed, statusAllowed = statusAllowed
        let openStatus = openStatus, overdueListed = overdueListed, now = now
        let (minLon, maxLon, minLat, maxLat) = (box.minLon, box.maxLon, box.minLat, box.maxLat)
        counts.withUnsafeMutableBufferPointer { counts in
            opens.withUnsafeMutableBufferPointer { opens in
                overdues.withUnsafeMutableBufferPointer { overdues in
                    for k in range {
                        let lon = lons[k], lat = lats[k]
                        guard lon >= minLon, lon <= maxLon, lat >= minLat, lat <= maxLat,
                              categoryAllowed[Int(categories[k])] else { continue }
                        let status = Int(statuses[k])
                        let isOpen = openStatus[status]
                        let late = isOpen && now > resolveBy[k]
                        guard statusAllowed[status] || (overdueListed && late) else { continue }
                        matched += 1
                        let s = slot(k)
                        guard s >= 0 else { unbinned += 1; continue }
                        counts[s] += 1
                        if isOpen { opens[s] += 1 }
                        if late { overdues[s] += 1 }
                    }
                }
            }
        }
        var t = Tally(counts: counts, opens: opens, overdues: overdues)
        t.matched = matched
        t.unbinned = unbinned
        return t
    }
}
