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
}
