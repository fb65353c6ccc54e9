import GridGeo
import GridModel

/// Every petition as flat columns, oldest first, for heat maps: a read-only snapshot of the
/// store that a request scans without touching SQLite (a million petitions in tens of
/// milliseconds). Immutable, so any number of requests share one.
public final class PetitionLedger: Sendable {
    /// Seconds since 1970 of receipt, ascending.
    let times: [Int64]
    /// WGS-84 position; NaN where a petition has no point.
    let lons: [Double]
    let lats: [Double]
    /// Position on the equal-area plane, for hexagon and square bins.
    let xs: [Double]
    let ys: [Double]
    /// Index into `categoryCodes`.
    let categories: [UInt16]
    public let categoryCodes: [String]
    /// Index into `Petition.Status.allCases`.
    let statuses: [UInt8]
    /// End of the resolution deadline; `Int64.max` when there is none.
    let resolveBy: [Int64]
    /// Per level rank (province … grid): index into `areas`, -1 where the petition has none.
    let areaOf: [[Int32]]
    /// Every area (with boundary), its residents (nil where unknown) and a point inside it
    /// (for `format=points`; found once here rather than per request, as it builds an index).
    let areas: [Area]
    let residents: [Int?]
    let areaCentres: [Coordinate]
    /// The bounding box of all petition points.
    public let extent: BoundingBox

    public var count: Int { times.count }

    /// What the ledger keeps of one petition: the few columns a store reads for it, instead of
    /// whole petitions (a city's millions of rows, their texts and case records, decoded only
    /// to be dropped).
    public struct Entry: Sendable {
        public var receivedAt: Int64
        public var location: Coordinate?
        public var category: String
        public var status: Petition.Status
        public var resolveBy: Int64?
        public var placement: AreaPlacement

        public init(receivedAt: Int64, location: Coordinate?, category: String, status: Petition.Status, resolveBy: Int64?,
                    placement: AreaPlacement) {
            self.receivedAt = receivedAt
            self.location = location
            self.category = category
            self.status = status
            self.resolveBy = resolveBy
            self.placement = placement
        }

        public init(_ p: Petition) {
            self.init(receivedAt: p.receivedAt.seconds, location: p.location, category: p.category, status: p.status,
                      resolveBy: p.resolveBy?.seconds, placement: p.placement)
        }
    }

    public convenience init(store: any WanggeStore) throws {
        self.init(entries: try store.ledgerEntries(), areas: try store.areas(), residents: try store.residentsPerArea())
    }

    public convenience init(petitions: [Petition], areas: [Area], residents: [String: Int]) {
        self.init(entries: petitions.map(Entry.init), areas: areas, residents: residents)
    }

    public init(entries: [Entry], areas: [Area], residents: [String: Int]) {
        // Stable: petitions received in the same second keep the store's order (by id).
        let sorted = entries.sorted { $0.receivedAt < $1.receivedAt }
        let n = sorted.count
        times = sorted.map(\.receivedAt)
        lons = sorted.map { $0.location?.lon ?? .nan }
        lats = sorted.map { $0.location?.lat ?? .nan }
        var xs = [Double](repeating: .nan, count: n), ys = xs
        var box = BoundingBox.empty
        for (k, p) in sorted.enumerated() {
            guard let c = p.location else { continue }
            (xs[k], ys[k]) = EqualAreaPlane.project(lon: c.lon, lat: c.lat)
            box.extend(c)
        }
        self.xs = xs
        self.ys = ys
        extent = box
        let codes = Array(Set(sorted.map(\.category))).sorted()
        let codeIndex = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, UInt16($0)) })
        categoryCodes = codes
        categories = sorted.map { codeIndex[$0.category]! }
        let statusIndex = Dictionary(uniqueKeysWithValues: Petition.Status.allCases.enumerated().map { ($1, UInt8($0)) })
        statuses = sorted.map { statusIndex[$0.status]! }
        resolveBy = sorted.map { $0.resolveBy ?? .max }
        self.areas = areas
        self.residents = areas.map { residents[$0.id] }
        areaCentres = areas.map { a in
            let box = a.boundary.boundingBox
            return a.boundary.interiorPoint ?? Coordinate(lon: (box.minLon + box.maxLon) / 2, lat: (box.minLat + box.maxLat) / 2)
        }
        let areaIndex = Dictionary(areas.enumerated().map { ($1.id, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        areaOf = AreaLevel.allCases.map { level in sorted.map { p in p.placement[level].flatMap { areaIndex[$0] } ?? -1 } }
    }

    /// The index range of petitions received within `from…to` (either end open).
    func range(from: Int64?, to: Int64?) -> Range<Int> {
        func firstIndex(notBefore t: Int64) -> Int {
            var lo = 0, hi = times.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if times[mid] < t { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        let start = from.map(firstIndex(notBefore:)) ?? 0
        let end = to.map { $0 == .max ? times.count : firstIndex(notBefore: $0 + 1) } ?? times.count
        return start..<max(start, end)
    }
}
