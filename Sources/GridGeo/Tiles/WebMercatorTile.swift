import Foundation

/// A tile of OGC's WebMercatorQuad tile matrix set (the XYZ tiles of web maps): zoom `z`, column
/// `x` from the west, row `y` from the north — `/{tileMatrix}/{tileRow}/{tileCol}` is z/y/x.
public struct WebMercatorTile: Hashable, Sendable, CustomStringConvertible {
    public var z: Int
    public var x: Int
    public var y: Int

    /// The deepest zoom served: tiles of a few metres.
    public static let maxZoom = 24
    /// Web Mercator ends where it becomes a square: ±85.0511°.
    public static let maxLatitude = 85.051_128_779_806_59
    /// The half-width of the projected world in metres (EPSG:3857).
    public static let halfWorld = 20_037_508.342_789_244

    /// Nil when the numbers name no tile (a zoom out of range, a row or column outside it).
    public init?(z: Int, x: Int, y: Int) {
        guard (0...Self.maxZoom).contains(z), (0..<(1 << z)).contains(x), (0..<(1 << z)).contains(y) else { return nil }
        self.z = z
        self.x = x
        self.y = y
    }

    public var description: String { "\(z)/\(y)/\(x)" }

    /// Where a WGS-84 point falls on the world square: 0…1 east and south.
    @inlinable public static func unit(lon: Double, lat: Double) -> (x: Double, y: Double) {
        let phi = max(-maxLatitude, min(maxLatitude, lat)) * .pi / 180
        return ((lon + 180) / 360, (1 - log(tan(phi) + 1 / cos(phi)) / .pi) / 2)
    }

    /// The latitude of a point `y` (0…1 south) down the world square.
    static func latitude(unitY y: Double) -> Double {
        atan(sinh(.pi * (1 - 2 * y))) * 180 / .pi
    }

    /// The tile's bounds in WGS-84, grown by `margin` of its width on every side.
    public func bounds(margin: Double = 0) -> BoundingBox {
        let n = Double(1 << z)
        let x0 = (Double(x) - margin) / n, x1 = (Double(x + 1) + margin) / n
        let y0 = max(0, (Double(y) - margin) / n), y1 = min(1, (Double(y + 1) + margin) / n)
        return BoundingBox(minLon: x0 * 360 - 180, minLat: Self.latitude(unitY: y1), maxLon: x1 * 360 - 180, maxLat: Self.latitude(unitY: y0))
    }

    /// The tile's width in metres on the ground at its centre.
    public var groundWidth: Double {
        let b = bounds()
        let lat = (b.minLat + b.maxLat) / 2 * .pi / 180
        return 2 * Self.halfWorld / Double(1 << z) * cos(lat)
    }

    /// A projection from WGS-84 into this tile's coordinates: 0…`extent`, y down.
    public func projection(extent: Int) -> Projection {
        Projection(scale: Double(1 << z) * Double(extent), x0: Double(x) * Double(extent), y0: Double(y) * Double(extent))
    }

    public struct Projection: Sendable {
        @usableFromInline let scale: Double
        @usableFromInline let x0: Double
        @usableFromInline let y0: Double

        @inlinable public func callAsFunction(_ c: Coordinate) -> (x: Double, y: Double) {
            let u = WebMercatorTile.unit(lon: c.lon, lat: c.lat)
            return (u.x * scale - x0, u.y * scale - y0)
        }
    }
}
