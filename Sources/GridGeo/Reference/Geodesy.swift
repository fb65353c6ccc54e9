#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Distances and areas on the WGS-84 ellipsoid.
public enum Geodesy {
    public static let semiMajorAxis = 6378137.0
    public static let flattening = 1 / 298.257223563
    private static let e2 = flattening * (2 - flattening)
    /// Radius of the sphere with the ellipsoid's surface area, for area sums.
    public static let authalicRadius = 6371007.181

    /// The fewest metres one degree of latitude spans anywhere (at the equator). Dividing a
    /// distance by it gives a degree span that never falls short.
    public static let metresPerDegreeLatitude = 110574.0

    /// Metres per degree of latitude at a latitude (meridian radius of curvature).
    @inlinable public static func metresPerDegreeLatitude(atLatitude lat: Double) -> Double {
        let s = sin(lat * .pi / 180)
        let w = 1 - 0.0066943799901413165 * s * s
        return 6378137.0 * (1 - 0.0066943799901413165) / (w * sqrt(w)) * .pi / 180
    }

    /// Metres per degree of longitude at a latitude (parallel radius).
    @inlinable public static func metresPerDegreeLongitude(atLatitude lat: Double) -> Double {
        let r = lat * .pi / 180
        let s = sin(r)
        return 6378137.0 / sqrt(1 - 0.0066943799901413165 * s * s) * cos(r) * .pi / 180
    }

    /// Geodesic distance in metres (Vincenty's inverse formula on WGS-84; for the rare nearly
    /// antipodal pairs where it does not converge, the great-circle distance on the mean sphere).
    public static func distance(_ p: Coordinate, _ q: Coordinate) -> Double {
        if p == q { return 0 }
        let a = semiMajorAxis, f = flattening, b = a * (1 - f)
        let L = (q.lon - p.lon) * .pi / 180
        let U1 = atan((1 - f) * tan(p.lat * .pi / 180))
        let U2 = atan((1 - f) * tan(q.lat * .pi / 180))
        let sinU1 = sin(U1), cosU1 = cos(U1), sinU2 = sin(U2), cosU2 = cos(U2)
        var lambda = L
        for _ in 0..<200 {
            let sinL = sin(lambda), cosL = cos(lambda)
            let sinSigma = sqrt((cosU2 * sinL) * (cosU2 * sinL)
                + (cosU1 * sinU2 - sinU1 * cosU2 * cosL) * (cosU1 * sinU2 - sinU1 * cosU2 * cosL))
            if sinSigma == 0 { return 0 }
            let cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL
            let sigma = atan2(sinSigma, cosSigma)
            let sinAlpha = cosU1 * cosU2 * sinL / sinSigma
            let cos2Alpha = 1 - sinAlpha * sinAlpha
            let cos2SigmaM = cos2Alpha != 0 ? cosSigma - 2 * sinU1 * sinU2 / cos2Alpha : 0
            let C = f / 16 * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha))
            let previous = lambda
            lambda = L + (1 - C) * f * sinAlpha
                * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
            if abs(lambda - previous) < 1e-12 {
                let u2 = cos2Alpha * (a * a - b * b) / (b * b)
                let A = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)))
                let B = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)))
                let deltaSigma = B * sinSigma * (cos2SigmaM + B / 4
                    * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                       - B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
                return b * A * (sigma - deltaSigma)
            }
        }
        return haversine(p, q)
    }

    /// Great-circle distance on the sphere of mean radius (6,371,008.8 m).
    public static func haversine(_ p: Coordinate, _ q: Coordinate) -> Double {
        let φ1 = p.lat * .pi / 180, φ2 = q.lat * .pi / 180
        let dφ = φ2 - φ1, dλ = (q.lon - p.lon) * .pi / 180
        let h = sin(dφ / 2) * sin(dφ / 2) + cos(φ1) * cos(φ2) * sin(dλ / 2) * sin(dλ / 2)
        return 2 * 6371008.8 * asin(Swift.min(1, sqrt(h)))
    }

    /// Distance in metres from a point to the segment a–b, in the plane tangent at the point.
    ///
    /// Exact enough (well under 0.1 %) for segments up to tens of kilometres, which covers
    /// boundary distances at grid-cell and community scale.
    @inlinable public static func distanceToSegment(_ p: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Double {
        let kx = metresPerDegreeLongitude(atLatitude: p.lat)
        let ky = metresPerDegreeLatitude(atLatitude: p.lat)
        return planarDistanceToSegment(px: 0, py: 0,
                                       ax: (a.lon - p.lon) * kx, ay: (a.lat - p.lat) * ky,
                                       bx: (b.lon - p.lon) * kx, by: (b.lat - p.lat) * ky)
    }

    @inlinable static func planarDistanceToSegment(px: Double, py: Double, ax: Double, ay: Double,
                                                   bx: Double, by: Double) -> Double {
        let dx = bx - ax, dy = by - ay
        let len2 = dx * dx + dy * dy
        var t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0
        t = Swift.max(0, Swift.min(1, t))
        let cx = ax + t * dx - px, cy = ay + t * dy - py
        return sqrt(cx * cx + cy * cy)
    }

    /// The area of a ring in square metres (spherical excess on the authalic sphere), unsigned.
    public static func ringArea(_ ring: [Coordinate]) -> Double {
        guard ring.count > 3 else { return 0 }
        var total = 0.0
        let n = ring.count
        for i in 0..<n {
            let p1 = ring[i], p2 = ring[(i + 1) % n], p3 = ring[(i + 2) % n]
            total += (p3.lon - p1.lon) * .pi / 180 * sin(p2.lat * .pi / 180)
        }
        return abs(total * authalicRadius * authalicRadius / 2)
    }

    /// The area of a polygon set in square metres: exteriors less holes, parts summed.
    public static func area(of shape: MultiPolygon) -> Double {
        shape.polygons.reduce(0) { sum, poly in
            let holes = poly.holes.reduce(0) { $0 + ringArea($1) }
            return sum + Swift.max(0, ringArea(poly.exterior) - holes)
        }
    }
}
