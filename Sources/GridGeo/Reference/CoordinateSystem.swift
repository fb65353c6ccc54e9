#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The coordinate systems Chinese clients send.
///
/// - `wgs84`: GPS, survey data and the national basemap (CGCS2000 matches WGS-84 to well under
///   a metre, so the two are treated as one).
/// - `gcj02`: the obfuscated system of AMap, Tencent and WeChat map components.
/// - `bd09`: Baidu's system, a further shift of GCJ-02.
///
/// Outside China GCJ-02 equals WGS-84 (the published algorithm leaves such points unchanged).
public enum CoordinateSystem: String, Sendable, CaseIterable, Codable {
    case wgs84
    case gcj02
    case bd09

    /// Parses a user-given name, accepting common spellings (`WGS84`, `CGCS2000`, `EPSG:4326`, `CRS84`, `GCJ-02`, `BD-09`).
    public init?(name: String) {
        let n = String(name.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " })
        switch n {
        case "wgs84", "cgcs2000", "epsg:4326", "4326", "crs84", "epsg:4490", "4490": self = .wgs84
        case "gcj02", "gcj", "amap", "gaode": self = .gcj02
        case "bd09", "bd09ll", "baidu": self = .bd09
        default: return nil
        }
    }

    /// Converts a point in this system to WGS-84.
    public func toWGS84(_ c: Coordinate) -> Coordinate {
        switch self {
        case .wgs84: c
        case .gcj02: ChinaShift.gcj02ToWGS84(c)
        case .bd09: ChinaShift.gcj02ToWGS84(ChinaShift.bd09ToGCJ02(c))
        }
    }

    /// Converts a WGS-84 point to this system.
    public func fromWGS84(_ c: Coordinate) -> Coordinate {
        switch self {
        case .wgs84: c
        case .gcj02: ChinaShift.wgs84ToGCJ02(c)
        case .bd09: ChinaShift.gcj02ToBD09(ChinaShift.wgs84ToGCJ02(c))
        }
    }
}

/// The published GCJ-02 and BD-09 formulas, with iterative inverses.
public enum ChinaShift {
    private static let a = 6378245.0
    private static let ee = 0.00669342162296594323
    private static let xPi = Double.pi * 3000.0 / 180.0

    /// The rough box the published algorithm treats as China; outside it nothing is shifted.
    public static func isOutsideChina(_ c: Coordinate) -> Bool {
        c.lon < 72.004 || c.lon > 137.8347 || c.lat < 0.8293 || c.lat > 55.8271
    }

    public static func wgs84ToGCJ02(_ c: Coordinate) -> Coordinate {
        guard c.isValidLonLat, !isOutsideChina(c) else { return c }
        let x = c.lon - 105.0, y = c.lat - 35.0
        var dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x))
        dLat += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        dLat += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        dLat += (160.0 * sin(y / 12.0 * .pi) + 320.0 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        var dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x))
        dLon += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        dLon += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        dLon += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        let radLat = c.lat / 180.0 * .pi
        var magic = sin(radLat)
        magic = 1 - ee * magic * magic
        let sqrtMagic = sqrt(magic)
        dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLon = (dLon * 180.0) / (a / sqrtMagic * cos(radLat) * .pi)
        return Coordinate(lon: c.lon + dLon, lat: c.lat + dLat)
    }

    /// Inverts ``wgs84ToGCJ02(_:)`` by fixed-point iteration until the forward transform of the
    /// answer lands within 1e-7° (about 1 cm) of the input — far inside the 0.5 m promise.
    public static func gcj02ToWGS84(_ g: Coordinate) -> Coordinate {
        guard g.isValidLonLat, !isOutsideChina(g) else { return g }
        return invert(g, forward: wgs84ToGCJ02)
    }

    public static func gcj02ToBD09(_ c: Coordinate) -> Coordinate {
        guard c.isValidLonLat else { return c }
        let x = c.lon, y = c.lat
        let z = sqrt(x * x + y * y) + 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) + 0.000003 * cos(x * xPi)
        return Coordinate(lon: z * cos(theta) + 0.0065, lat: z * sin(theta) + 0.006)
    }

    /// The published closed-form inverse, refined by iteration so the round trip is exact to ~1 cm.
    public static func bd09ToGCJ02(_ b: Coordinate) -> Coordinate {
        guard b.isValidLonLat else { return b }
        let x = b.lon - 0.0065, y = b.lat - 0.006
        let z = sqrt(x * x + y * y) - 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) - 0.000003 * cos(x * xPi)
        let first = Coordinate(lon: z * cos(theta), lat: z * sin(theta))
        return invert(b, start: first, forward: gcj02ToBD09)
    }

    private static func invert(_ target: Coordinate, start: Coordinate? = nil,
                               forward: (Coordinate) -> Coordinate) -> Coordinate {
        var guess = start ?? target
        for _ in 0..<30 {
            let f = forward(guess)
            let dLon = f.lon - target.lon, dLat = f.lat - target.lat
            if abs(dLon) < 1e-9 && abs(dLat) < 1e-9 { break }
            guess = Coordinate(lon: guess.lon - dLon, lat: guess.lat - dLat)
        }
        return guess
    }
}
