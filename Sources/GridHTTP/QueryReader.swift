import GridGeo
import Hummingbird

/// Reads a request's query parameters strictly: unknown names, repeated names and malformed
/// values are 400 problems that say what to change, never a 500 or a silent default.
struct QueryReader {
    private var values: [String: String] = [:]

    init(_ request: Request, allowed: [String]) throws(Problem) {
        for (key, value) in request.uri.queryParameters {
            let name = String(key)
            guard allowed.contains(name) else { throw Problem.unknownParameter(name, allowed: allowed) }
            guard values[name] == nil else { throw Problem.invalidParameter(name, "given more than once") }
            values[name] = String(value)
        }
    }

    func string(_ name: String) -> String? { values[name] }

    func double(_ name: String, required meaning: String) throws(Problem) -> Double {
        guard let text = values[name], !text.isEmpty else { throw Problem.missingParameter(name, meaning) }
        guard let v = DecimalParser.parse(Substring(text)), v.isFinite else {
            throw Problem.invalidParameter(name, "'\(text)' is not a decimal number")
        }
        return v
    }

    func coordinateSystem(_ name: String) throws(Problem) -> CoordinateSystem {
        guard let text = values[name] else { return .wgs84 }
        guard let crs = CoordinateSystem(name: text) else {
            throw Problem.invalidParameter(name, "'\(text)' is not a coordinate system; use wgs84, gcj02 or bd09")
        }
        return crs
    }

    func int(_ name: String, default value: Int, range: ClosedRange<Int>) throws(Problem) -> Int {
        guard let text = values[name] else { return value }
        guard let v = Int(text) else { throw Problem.invalidParameter(name, "'\(text)' is not a whole number") }
        guard range.contains(v) else {
            throw Problem.invalidParameter(name, "\(v) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return v
    }

    /// `minLon,minLat,maxLon,maxLat` in CRS84.
    func bbox(_ name: String) throws(Problem) -> BoundingBox? {
        guard let text = values[name] else { return nil }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 4 else {
            throw Problem.invalidParameter(name, "expected minLon,minLat,maxLon,maxLat (4 numbers), found \(parts.count) values")
        }
        var v: [Double] = []
        for p in parts {
            guard let d = DecimalParser.parse(p), d.isFinite else { throw Problem.invalidParameter(name, "'\(p)' is not a decimal number") }
            v.append(d)
        }
        guard v[0] <= v[2], v[1] <= v[3] else {
            throw Problem.invalidParameter(name, "min must not exceed max (order: minLon,minLat,maxLon,maxLat)")
        }
        guard (-180...180).contains(v[0]), (-180...180).contains(v[2]), (-90...90).contains(v[1]), (-90...90).contains(v[3]) else {
            throw Problem.invalidParameter(name, "out of range: lon within ±180, lat within ±90")
        }
        return BoundingBox(minLon: v[0], minLat: v[1], maxLon: v[2], maxLat: v[3])
    }
}
