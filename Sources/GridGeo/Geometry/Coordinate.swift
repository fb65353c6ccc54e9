/// A position as longitude/latitude in decimal degrees (x = lon, y = lat).
///
/// Which datum the numbers are in (WGS-84, GCJ-02, BD-09) is not part of the value; callers
/// carry a ``CoordinateSystem`` beside it and convert with ``CoordinateSystem/toWGS84(_:)``.
public struct Coordinate: Hashable, Sendable, CustomStringConvertible {
    public var lon: Double
    public var lat: Double

    @inlinable public init(lon: Double, lat: Double) {
        self.lon = lon
        self.lat = lat
    }

    /// Both numbers finite and within lon ∈ [-180, 180], lat ∈ [-90, 90].
    public var isValidLonLat: Bool {
        lon.isFinite && lat.isFinite && (-180...180).contains(lon) && (-90...90).contains(lat)
    }

    public var description: String { "[\(lon),\(lat)]" }
}
