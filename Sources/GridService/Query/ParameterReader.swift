import GridGeo
import GridModel

/// Reads request parameters strictly — the HTTP query and the CLI's options alike: unknown
/// names, repeated names and malformed values are errors that say what to change, never a
/// silent default.
public struct ParameterReader: Sendable {
    private var values: [String: String] = [:]

    /// - Parameter pairs: name and value, in request order.
    public init(_ pairs: [(String, String)], allowed: [String]) throws(ParameterError) {
        for (name, value) in pairs {
            guard allowed.contains(name) else {
                throw ParameterError(.unknown, name, "not a parameter here; allowed: \(allowed.joined(separator: ", "))")
            }
            guard values[name] == nil else { throw ParameterError(.invalid, name, "given more than once") }
            values[name] = value
        }
    }

    public func string(_ name: String) -> String? { values[name] }

    public func double(_ name: String, required meaning: String) throws(ParameterError) -> Double {
        guard let text = values[name], !text.isEmpty else { throw ParameterError(.missing, name, "required (\(meaning))") }
        guard let v = DecimalParser.parse(Substring(text)), v.isFinite else {
            throw ParameterError(.invalid, name, "'\(text)' is not a decimal number")
        }
        return v
    }

    /// A decimal number within `range`, or `value` when absent.
    public func double(_ name: String, default value: Double, range: ClosedRange<Double>) throws(ParameterError) -> Double {
        guard values[name] != nil else { return value }
        let v = try double(name, required: "")
        guard range.contains(v) else { throw ParameterError(.invalid, name, "\(JSONValue.number(v).jsonText) is outside \(JSONValue.number(range.lowerBound).jsonText)…\(JSONValue.number(range.upperBound).jsonText)") }
        return v
    }

    public func coordinateSystem(_ name: String) throws(ParameterError) -> CoordinateSystem {
        guard let text = values[name] else { return .wgs84 }
        guard let crs = CoordinateSystem(name: text) else {
            throw ParameterError(.invalid, name, "'\(text)' is not a coordinate system; use wgs84, gcj02 or bd09")
        }
        return crs
    }

    public func int(_ name: String, default value: Int, range: ClosedRange<Int>) throws(ParameterError) -> Int {
        guard let text = values[name] else { return value }
        guard let v = Int(text) else { throw ParameterError(.invalid, name, "'\(text)' is not a whole number") }
        guard range.contains(v) else {
            throw ParameterError(.invalid, name, "\(v) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return v
    }

    /// One of an enumeration's raw values, or `value` when absent.
    public func choice<E: RawRepresentable & CaseIterable>(_ name: String, default value: E) throws(ParameterError) -> E where E.RawValue == String {
        guard let text = values[name] else { return value }
        guard let v = E(rawValue: text) else {
            throw ParameterError(.invalid, name, "'\(text)' is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return v
    }

    /// Comma-separated values, each one of `known` (when given); empty when absent.
    public func list(_ name: String, known: [String]? = nil) throws(ParameterError) -> [String] {
        guard let text = values[name] else { return [] }
        let items = text.split(separator: ",").map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
        guard !items.isEmpty else { throw ParameterError(.invalid, name, "empty; give one or more values separated by commas") }
        if let known {
            for item in items where !known.contains(item) {
                throw ParameterError(.invalid, name, "'\(item)' is not one of \(known.joined(separator: ", "))")
            }
        }
        return items
    }

    /// `minLon,minLat,maxLon,maxLat` in CRS84.
    public func bbox(_ name: String) throws(ParameterError) -> BoundingBox? {
        guard let text = values[name] else { return nil }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 4 else {
            throw ParameterError(.invalid, name, "expected minLon,minLat,maxLon,maxLat (4 numbers), found \(parts.count) values")
        }
        var v: [Double] = []
        for p in parts {
            guard let d = DecimalParser.parse(p), d.isFinite else { throw ParameterError(.invalid, name, "'\(p)' is not a decimal number") }
            v.append(d)
        }
        guard v[0] <= v[2], v[1] <= v[3] else {
            throw ParameterError(.invalid, name, "min must not exceed max (order: minLon,minLat,maxLon,maxLat)")
        }
        guard (-180...180).contains(v[0]), (-180...180).contains(v[2]), (-90...90).contains(v[1]), (-90...90).contains(v[3]) else {
            throw ParameterError(.invalid, name, "out of range: lon within ±180, lat within ±90")
        }
        return BoundingBox(minLon: v[0], minLat: v[1], maxLon: v[2], maxLat: v[3])
    }

    /// An RFC 3339 time, or a date (`2026-05-01`, a whole day in China time: its first second,
    /// or its last when `endOfDay`); nil when absent.
    public func time(_ name: String, endOfDay: Bool = false) throws(ParameterError) -> Int64? {
        guard let text = values[name] else { return nil }
        return try Self.instant(text, name: name, endOfDay: endOfDay)
    }

    /// An OGC API `datetime`: an instant, or an interval `start/end` where either end may be
    /// `..` or empty (open). Dates cover their whole day in China time.
    public func interval(_ name: String) throws(ParameterError) -> (from: Int64?, to: Int64?)? {
        guard let text = values[name] else { return nil }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1:
            if parts[0].count == 10 {
                return (try Self.instant(parts[0], name: name, endOfDay: false), try Self.instant(parts[0], name: name, endOfDay: true))
            }
            let t = try Self.instant(parts[0], name: name, endOfDay: false)
            return (t, t)
        case 2:
            func end(_ s: String, _ endOfDay: Bool) throws(ParameterError) -> Int64? {
                s.isEmpty || s == ".." ? nil : try Self.instant(s, name: name, endOfDay: endOfDay)
            }
            let from = try end(parts[0], false), to = try end(parts[1], true)
            if from == nil && to == nil { throw ParameterError(.invalid, name, "'\(text)': at least one end must be a time") }
            if let from, let to, from > to { throw ParameterError(.invalid, name, "'\(text)': the start is after the end") }
            return (from, to)
        default:
            throw ParameterError(.invalid, name, "'\(text)': expected a time, or start/end (either end may be ..)")
        }
    }

    static func instant(_ text: String, name: String, endOfDay: Bool) throws(ParameterError) -> Int64 {
        let date = text.utf8.count == 10
        switch Timestamp.parse(date ? text + "T00:00:00+08:00" : text) {
        case .success(let t) where date: return endOfDay ? t.seconds + 86_399 : t.seconds
        case .success(let t): return t.seconds
        case .failure(let e): throw ParameterError(.invalid, name, "'\(text)': \(e.reason) (or a date such as 2026-05-01)")
        }
    }
}
