#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The plane heat-map bins are laid out on: the sinusoidal projection on the authalic sphere,
/// central meridian 105° E (the middle of China).
///
/// It is equal-area, and true to scale along every parallel and along the central meridian,
/// so a bin of `size` metres covers the same ground wherever it lies; shapes shear slightly
/// away from 105° E (about 8° at Shanghai). Being fixed — not fitted to a request's box — it
/// gives every bin a position, and so an id, that does not depend on the request.
public enum EqualAreaPlane {
    /// The authalic (equal-area) radius of the WGS-84 ellipsoid, metres.
    public static let radius = 6_371_007.181
    public static let centralMeridian = 105.0

    @inline(__always)
    public static func project(lon: Double, lat: Double) -> (x: Double, y: Double) {
        let phi = lat * .pi / 180
        return (radius * (lon - centralMeridian) * .pi / 180 * cos(phi), radius * phi)
    }

    public static func unproject(x: Double, y: Double) -> Coordinate {
        let phi = y / radius
        let c = cos(phi)
        let lon = c > 1e-12 ? centralMeridian + x / (radius * c) * 180 / .pi : centralMeridian
        return Coordinate(lon: lon, lat: phi * 180 / .pi)
    }

    /// The projected bounds of a lon/lat box (x is widest at the latitude nearest the equator).
    public static func bounds(of box: BoundingBox) -> (minX: Double, minY: Double, maxX: Double, maxY: Double) {
        let nearEquator = box.minLat > 0 ? box.minLat : (box.maxLat < 0 ? box.maxLat : 0)
        var minX = Double.infinity, maxX = -Double.infinity
        for lat in [box.minLat, box.maxLat, nearEquator] {
            for lon in [box.minLon, box.maxLon] {
                let x = project(lon: lon, lat: lat).x
                minX = min(minX, x)
                maxX = max(maxX, x)
            }
        }
        return (minX, project(lon: 0, lat: box.minLat).y, maxX, project(lon: 0, lat: box.maxLat).y)
    }
}
