import GridGeo

/// Reads typed fields from a record (GeoJSON properties, a JSON object, or a CSV row given as
/// strings), collecting every problem instead of stopping at the first.
public struct FieldReader {
    public let object: JSONObject
    public private(set) var problems: [FieldProblem] = []

    public init(_ object: JSONObject) { self.object = object }

    /// A CSV row: header → cell text; empty cells count as missing.
    public init(row: [String: String]) {
        object = JSONObject(row.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value.isEmpty ? .null : .string($0.value)) })
    }

    public mutating func problem(_ field: String, _ reason: String, kind: FieldProblem.Kind = .invalid) {
        problems.append(FieldProblem(field: field, reason: reason, kind: kind))
    }

    /// Text of a string or number field; nil when absent or null.
    public mutating func string(_ key: String) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let s)?:
            let t = s.trimmingWhitespace
            return t.isEmpty ? nil : t
        case .number(let d)?: return JSONValue.number(d).jsonText
        case let v?:
            problem(key, "expected text, found \(v.typeName)", kind: .type)
            return nil
        }
    }

    /// A JSON array of non-empty strings (ids), or nil when absent.
    public mutating func idList(_ key: String) -> [String]? {
        switch object[key] {
        case nil, .null?: return nil
        case .array(let items)?:
            let ids = items.compactMap(\.stringValue)
            guard ids.count == items.count, !ids.contains(where: \.isEmpty) else { problem(key, "expected a list of ids (strings)", kind: .type); return nil }
            return ids
        case let v?:
            problem(key, "expected a list of ids, found \(v.typeName)", kind: .type)
            return nil
        }
    }

    /// A phone number (`PhoneNumber`), as written; a problem when it is not one anyone could call.
    public mutating func phone(_ key: String) -> String? {
        guard let s = string(key) else { return nil }
        if let why = PhoneNumber.problem(s) { problem(key, "'\(s)' is not a phone number: \(why)", kind: .phone); return nil }
        return s
    }

    public mutating func requiredString(_ key: String, fallback: String? = nil) -> String {
        if let s = string(key) ?? fallback { return s }
        if !problems.contains(where: { $0.field == key }) { problem(key, "required, missing or empty", kind: .required) }
        return ""
    }

    /// An integer from a number or numeric text.
    public mutating func int(_ key: String, range: ClosedRange<Int>? = nil) -> Int? {
        let value: Int?
        switch object[key] {
        case nil, .null?: return nil
        case .number(let d)?: value = JSONValue.number(d).intValue
        case .string(let s)?: value = Int(s.trimmingWhitespace)
        case let v?:
            problem(key, "expected a whole number, found \(v.typeName)", kind: .type)
            return nil
        }
        guard let value else {
            problem(key, "expected a whole number, found \(object[key]!.jsonText)", kind: .type)
            return nil
        }
        if let range, !range.contains(value) {
            problem(key, "\(value) is outside \(range.lowerBound)…\(range.upperBound)", kind: .range)
            return nil
        }
        return value
    }

    public mutating func bool(_ key: String) -> Bool? {
        switch object[key] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        case .string(let s)?:
            switch s.lowercased() {
            case "true", "1", "yes", "是": return true
            case "false", "0", "no", "否": return false
            default: problem(key, "expected true or false, found '\(s)'", kind: .type); return nil
            }
        case let v?: problem(key, "expected true or false, found \(v.typeName)", kind: .type); return nil
        }
    }

    /// A list from a JSON array of strings, or from text separated by `;`, `；`, `,`, `，`, `|` or `、`.
    public mutating func stringList(_ key: String) -> [String] {
        switch object[key] {
        case nil, .null?: return []
        case .array(let items)?:
            var out: [String] = []
            for (k, item) in items.enumerated() {
                if let s = item.stringValue ?? item.doubleValue.map({ JSONValue.number($0).jsonText }) {
                    out.append(s)
                } else {
                    problem("\(key)[\(k)]", "expected text, found \(item.typeName)", kind: .type)
                }
            }
            return out
        case .string(let s)?:
            return s.split(whereSeparator: { ";；,，|、".contains($0) }).map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
        case let v?:
            problem(key, "expected a list, found \(v.typeName)", kind: .type)
            return []
        }
    }

    public mutating func level(_ key: String) -> AreaLevel? {
        guard let s = string(key) else {
            problem(key, "required: one of \(AreaLevel.allCases.map(\.rawValue).joined(separator: ", "))", kind: .required)
            return nil
        }
        guard let l = AreaLevel(name: s) else {
            problem(key, "'\(s)' is not a level; use one of \(AreaLevel.allCases.map(\.rawValue).joined(separator: ", "))", kind: .choice)
            return nil
        }
        return l
    }
}

extension String {
    /// The text without leading and trailing white space (ASCII and full-width U+3000).
    public var trimmingWhitespace: String {
        // Most fields begin and end with a letter, digit or Han character: nothing to trim,
        // and no need to ask Unicode's tables about every character.
        func plain(_ c: Unicode.Scalar) -> Bool {
            let v = c.value
            return (0x21...0x7E).contains(v) || (0x3001...0x9FFF).contains(v) || (0xFF01...0xFF5E).contains(v)
        }
        if let f = unicodeScalars.first, let l = unicodeScalars.last, plain(f), plain(l) { return self }
        let isSpace: (Character) -> Bool = { $0.isWhitespace || $0 == "\u{3000}" || $0 == "\u{FEFF}" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}

extension FieldReader {
    /// One of an enumeration's raw values; `fallback` when absent, a problem listing the
    /// choices when the text is none of them.
    public mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, fallback: E? = nil) -> E? where E.RawValue == String {
        guard let s = string(key) else {
            if fallback == nil { problem(key, "required: one of \(E.allCases.map(\.rawValue).joined(separator: ", "))", kind: .required) }
            return fallback
        }
        guard let v = E(rawValue: s.lowercased()) else {
            problem(key, "'\(s)' is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))", kind: .choice)
            return nil
        }
        return v
    }

    /// An RFC 3339 time.
    public mutating func timestamp(_ key: String) -> Timestamp? {
        guard let s = string(key) else {
            problem(key, "required: an RFC 3339 time such as 2026-05-01T09:30:00+08:00", kind: .time)
            return nil
        }
        switch Timestamp.parse(s) {
        case .success(let t): return t
        case .failure(let e): problem(key, "'\(s)': \(e.reason)", kind: .time); return nil
        }
    }
}
