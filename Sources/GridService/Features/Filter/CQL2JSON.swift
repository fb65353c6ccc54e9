import GridGeo

/// The `cql2-json` encoding of CQL2: `{"op": …, "args": […]}` objects, `{"property": …}`,
/// `{"timestamp": …}`, `{"date": …}`, `{"interval": [a, b]}`, `{"bbox": […]}` and GeoJSON
/// geometries. Errors name the JSON path of the part refused (`args[1].args[0]`).
public enum CQL2JSON {
    public static func parse(_ text: String) throws(FeatureFilterError) -> FeatureFilter {
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch {
            throw FeatureFilterError("", "not JSON: \(error)")
        }
        return try predicate(value, "")
    }

    static func location(_ path: String) -> String { path.isEmpty ? "at the top" : "at \(path)" }

    static func predicate(_ v: JSONValue, _ path: String) throws(FeatureFilterError) -> FeatureFilter {
        if case .bool(let b) = v { return .constant(b) }
        guard let o = v.objectValue, let op = o["op"]?.stringValue else {
            throw FeatureFilterError(location(path), "expected a predicate {\"op\": …, \"args\": […]} or true/false, found \(v.typeName)")
        }
        guard let args = o["args"]?.arrayValue else { throw FeatureFilterError(location(path), "\"\(op)\" needs \"args\", an array") }
        let at = path.isEmpty ? "args" : path + ".args"
        func count(_ n: Int) throws(FeatureFilterError) {
            guard args.count == n else { throw FeatureFilterError(location(at), "\"\(op)\" takes \(n) argument\(n == 1 ? "" : "s"), not \(args.count)") }
        }
        func arg(_ k: Int) -> String { "\(at)[\(k)]" }
        switch op.lowercased() {
        case "and", "or":
            guard args.count >= 2 else { throw FeatureFilterError(location(at), "\"\(op)\" takes two or more predicates") }
            var parts: [FeatureFilter] = []
            for (k, a) in args.enumerated() { parts.append(try predicate(a, arg(k))) }
            return op.lowercased() == "and" ? .and(parts) : .or(parts)
        case "not":
            try count(1)
            return .not(try predicate(args[0], arg(0)))
        case "like":
            try count(2)
            guard let pattern = args[1].stringValue else {
                throw FeatureFilterError(location(arg(1)), "LIKE's pattern must be a string (CASEI and ACCENTI are not supported)")
            }
            return .like(try scalar(args[0], arg(0)), pattern: pattern)
        case "between":
            try count(3)
            return .between(try scalar(args[0], arg(0)), low: try scalar(args[1], arg(1)), high: try scalar(args[2], arg(2)))
        case "in":
            try count(2)
            guard let list = args[1].arrayValue, !list.isEmpty else { throw FeatureFilterError(location(arg(1)), "IN's second argument is a non-empty array") }
            var items: [FilterOperand] = []
            for (k, item) in list.enumerated() { items.append(try scalar(item, "\(arg(1))[\(k)]")) }
            return .isIn(try scalar(args[0], arg(0)), items)
        case "isnull":
            try count(1)
            return .isNull(try scalar(args[0], arg(0)))
        case let name where FeatureFilter.ComparisonOperator(rawValue: name) != nil:
            try count(2)
            return .compare(FeatureFilter.ComparisonOperator(rawValue: name)!, try scalar(args[0], arg(0)), try scalar(args[1], arg(1)))
        case let name where FeatureFilter.SpatialRelation(rawValue: name) != nil:
            try count(2)
            return .spatial(FeatureFilter.SpatialRelation(rawValue: name)!, try operand(args[0], arg(0)), try operand(args[1], arg(1)))
        case let name where FeatureFilter.TemporalRelation(rawValue: name) != nil:
            try count(2)
            return .temporal(FeatureFilter.TemporalRelation(rawValue: name)!, try operand(args[0], arg(0)), try operand(args[1], arg(1)))
        case "casei", "accenti":
            throw FeatureFilterError(location(path), "\(op.uppercased()) (case- and accent-insensitive comparison) is not supported; comparisons are exact")
        case let name where name.hasPrefix("a_"):
            throw FeatureFilterError(location(path), "\(op): array functions are not supported (no queryable is an array)")
        default:
            throw FeatureFilterError(location(path), "no operator \"\(op)\"; see /conformance for the CQL2 classes served")
        }
    }

    /// A scalar: property, string, number, boolean, timestamp or date.
    static func scalar(_ v: JSONValue, _ path: String) throws(FeatureFilterError) -> FilterOperand {
        let o = try operand(v, path)
        switch o {
        case .interval, .geometry: throw FeatureFilterError(location(path), "an interval or geometry can only be an argument of a T_ or S_ function")
        default: return o
        }
    }

    static func operand(_ v: JSONValue, _ path: String) throws(FeatureFilterError) -> FilterOperand {
        switch v {
        case .string(let s): return .string(s)
        case .number(let d): return .number(d)
        case .bool(let b): return .boolean(b)
        case .null, .array: throw FeatureFilterError(location(path), "expected a property, a value, a time or a geometry, found \(v.typeName)")
        case .object(let o):
            if let name = o["property"] {
                guard let name = name.stringValue else { throw FeatureFilterError(location(path + ".property"), "a property name is a string") }
                return .property(name)
            }
            if let t = o["timestamp"] {
                guard let text = t.stringValue else { throw FeatureFilterError(location(path + ".timestamp"), "a timestamp is a string") }
                return try instantOperand(CQL2Text.instant(text, isDate: false, at: location(path + ".timestamp")))
            }
            if let d = o["date"] {
                guard let text = d.stringValue else { throw FeatureFilterError(location(path + ".date"), "a date is a string") }
                return try instantOperand(CQL2Text.instant(text, isDate: true, at: location(path + ".date")))
            }
            if let i = o["interval"] {
                guard let ends = i.arrayValue, ends.count == 2 else {
                    throw FeatureFilterError(location(path + ".interval"), "an interval is an array of two ends (\"..\" for open)")
                }
                var bounds: [FilterInstant?] = []
                for (k, end) in ends.enumerated() {
                    let at = "\(path).interval[\(k)]"
                    switch end {
                    case .string(".."): bounds.append(nil)
                    case .string(let text): bounds.append(try CQL2Text.instant(text, isDate: text.unicodeScalars.count == 10, at: location(at)))
                    case .object:
                        switch try operand(end, at) {
                        case .timestamp(let s): bounds.append(.timestamp(s))
                        case .date(let s): bounds.append(.date(s))
                        default: throw FeatureFilterError(location(at), "an interval's end is a time, a date or \"..\"")
                        }
                    default: throw FeatureFilterError(location(at), "an interval's end is a time, a date or \"..\", not \(end.typeName)")
                    }
                }
                return try CQL2Text.interval(bounds[0], bounds[1], at: location(path + ".interval"))
            }
            if let b = o["bbox"] {
                guard let numbers = b.arrayValue?.compactMap(\.doubleValue), numbers.count == b.arrayValue?.count else {
                    throw FeatureFilterError(location(path + ".bbox"), "a bbox is an array of numbers")
                }
                return .geometry(try CQL2Text.bbox(numbers, at: location(path + ".bbox")))
            }
            if o["type"] != nil {
                do { return .geometry(try GeoJSON.geometry(v, path: path.isEmpty ? "geometry" : path)) } catch {
                    throw FeatureFilterError("", "\(error)")
                }
            }
            if let op = o["op"]?.stringValue {
                throw FeatureFilterError(location(path), "\"\(op)\" is a predicate; functions and arithmetic are not supported as operands")
            }
            throw FeatureFilterError(location(path), "expected {\"property\": …}, {\"timestamp\": …}, {\"date\": …}, {\"interval\": …}, {\"bbox\": …} or a GeoJSON geometry")
        }
    }

    static func instantOperand(_ i: FilterInstant) -> FilterOperand {
        switch i {
        case .timestamp(let s): .timestamp(s)
        case .date(let s): .date(s)
        }
    }
}
