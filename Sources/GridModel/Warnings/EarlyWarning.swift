import GridGeo

/// An early warning (未诉先办): a place where something new and unusual is happening — a
/// space-time cluster of one category's petitions, a place where the same problem keeps coming
/// back, or a meter reading far above its own baseline — with where it is, who should look
/// (grid cells and their workers, units) and where it stands.
public struct EarlyWarning: Sendable, Equatable {
    public var id: String
    public var kind: Kind
    /// The petitions' category (clusters, recurring places).
    public var category: String?
    /// The first and last day (day numbers, China time) the warning covers.
    public var startDay: Int
    public var endDay: Int
    public var observed: Int
    /// Expected under the method's baseline (clusters: the permutation model; meters: the median).
    public var expected: Double?
    public var pValue: Double?
    /// How many days one would wait, by chance, for something as unusual (clusters).
    public var recurrenceDays: Double?
    public var radiusMetres: Double?
    public var centre: Coordinate
    /// The cluster's circle, the building's footprint or the grid cell.
    public var outline: MultiPolygon
    public var grids: [String]
    public var units: [String]
    public var building: String?
    public var meter: String?
    /// The petitions behind it (clusters, recurring places).
    public var petitions: [String]
    public var status: Status
    /// In Chinese, for lists and notices.
    public var summary: String

    public init(id: String, kind: Kind, category: String? = nil, startDay: Int, endDay: Int, observed: Int, expected: Double? = nil,
                pValue: Double? = nil, recurrenceDays: Double? = nil, radiusMetres: Double? = nil, centre: Coordinate,
                outline: MultiPolygon, grids: [String], units: [String], building: String? = nil, meter: String? = nil,
                petitions: [String] = [], status: Status = .new, summary: String) {
        self.id = id
        self.kind = kind
        self.category = category
        self.startDay = startDay
        self.endDay = endDay
        self.observed = observed
        self.expected = expected
        self.pValue = pValue
        self.recurrenceDays = recurrenceDays
        self.radiusMetres = radiusMetres
        self.centre = centre
        self.outline = outline
        self.grids = grids
        self.units = units
        self.building = building
        self.meter = meter
        self.petitions = petitions
        self.status = status
        self.summary = summary
    }

    public enum Kind: String, Sendable, CaseIterable {
        case cluster, recurring, meter

        public var chineseName: String {
            switch self {
            case .cluster: "时空聚集"
            case .recurring: "反复发生"
            case .meter: "表计异常"
            }
        }
    }

    public enum Status: String, Sendable, CaseIterable {
        case new, acknowledged, closed

        public var chineseName: String {
            switch self {
            case .new: "新预警"
            case .acknowledged: "已确认"
            case .closed: "已关闭"
            }
        }
    }

    /// Whether a warning found on `day` continues this one: the same kind and category, not
    /// closed, last seen the day before (or that day: a scan run again), and overlapping in space.
    public func isContinued(by other: EarlyWarning) -> Bool {
        guard kind == other.kind, category == other.category, status != .closed,
              other.endDay >= endDay, other.endDay <= endDay + 1 else { return false }
        switch kind {
        case .cluster:
            let reach = (radiusMetres ?? 0) + (other.radiusMetres ?? 0)
            return Geodesy.distance(centre, other.centre) <= max(reach, 1) || !Set(grids).isDisjoint(with: other.grids)
        case .recurring: return building == other.building && grids == other.grids
        case .meter: return building == other.building && meter == other.meter
        }
    }

    /// This warning extended by a later finding of the same thing.
    public func extended(by later: EarlyWarning) -> EarlyWarning {
        var w = later
        w.id = id
        w.startDay = min(startDay, later.startDay)
        w.status = status
        w.grids = Array(Set(grids).union(later.grids)).sorted()
        w.units = Array(Set(units).union(later.units)).sorted()
        w.petitions = Array(Set(petitions).union(later.petitions)).sorted()
        return w
    }

    /// A circle of `radius` metres around `centre` as a 48-gon in WGS-84.
    public static func circle(around centre: Coordinate, radius: Double) -> MultiPolygon {
        let dLat = radius / Geodesy.metresPerDegreeLatitude(atLatitude: centre.lat)
        let dLon = radius / Geodesy.metresPerDegreeLongitude(atLatitude: centre.lat)
        var ring = (0..<48).map { k -> Coordinate in
            let a = Double(k) / 48 * 2 * Double.pi
            return Coordinate(lon: ((centre.lon + dLon * _cosine(a)) * 1e7).rounded() / 1e7, lat: ((centre.lat + dLat * _sine(a)) * 1e7).rounded() / 1e7)
        }
        ring.append(ring[0])
        return MultiPolygon([Polygon(rings: [ring])])
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
private func _cosine(_ x: Double) -> Double { cos(x) }
private func _sine(_ x: Double) -> Double { sin(x) }
