/// An axis-aligned box in lon/lat degrees.
public struct BoundingBox: Hashable, Sendable {
    public var minLon: Double
    public var minLat: Double
    public var maxLon: Double
    public var maxLat: Double

    @inlinable public init(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
        self.minLon = minLon
        self.minLat = minLat
        self.maxLon = maxLon
        self.maxLat = maxLat
    }

    /// The box that contains nothing; extending it with a point gives that point's box.
    public static let empty = BoundingBox(minLon: .infinity, minLat: .infinity,
                                          maxLon: -.infinity, maxLat: -.infinity)

    public init<S: Sequence>(covering coordinates: S) where S.Element == Coordinate {
        var box = BoundingBox.empty
        for c in coordinates { box.extend(c) }
        self = box
    }

    public var isEmpty: Bool { minLon > maxLon || minLat > maxLat }

    @inlinable public mutating func extend(_ c: Coordinate) {
        if c.lon < minLon { minLon = c.lon }
        if c.lon > maxLon { maxLon = c.lon }
        if c.lat < minLat { minLat = c.lat }
        if c.lat > maxLat { maxLat = c.lat }
    }

    public mutating func extend(_ other: BoundingBox) {
        minLon = Swift.min(minLon, other.minLon)
        minLat = Swift.min(minLat, other.minLat)
        maxLon = Swift.max(maxLon, other.maxLon)
        maxLat = Swift.max(maxLat, other.maxLat)
    }

    @inlinable public func contains(lon: Double, lat: Double) -> Bool {
        lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat
    }

    public func intersects(_ other: BoundingBox) -> Bool {
        !(other.minLon > maxLon || other.maxLon < minLon || other.minLat > maxLat || other.maxLat < minLat)
    }

    /// This box grown by `metres` on every side (degrees per metre taken at the box's
    /// most poleward latitude, so the grown box never falls short).
    public func expanded(byMetres metres: Double) -> BoundingBox {
        let dLat = metres / Geodesy.metresPerDegreeLatitude
        let lat = Swift.min(89.9, Swift.max(abs(minLat), abs(maxLat)))
        let dLon = metres / Geodesy.metresPerDegreeLongitude(atLatitude: lat)
        return BoundingBox(minLon: minLon - dLon, minLat: minLat - dLat,
                           maxLon: maxLon + dLon, maxLat: maxLat + dLat)
    }
}
