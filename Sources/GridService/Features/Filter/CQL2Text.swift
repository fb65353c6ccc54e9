import GridGeo
import GridModel

/// The `cql2-text` encoding of CQL2: a recursive-descent parser over the standard's grammar
/// (keywords in any case, `'…'` strings with `''` or `\'` for a quote, `"…"` or bare property
/// names, WKT geometries, `BBOX`, `TIMESTAMP`, `DATE`, `INTERVAL`). Errors name the character
/// (counted from 1) where the text stopped making sense.
public enum CQL2Text {
    public static func parse(_ text: String) throws(FeatureFilterError) -> FeatureFilter {
        var p = Parser(tokens: try Lexer.tokens(text))
        let f = try p.booleanExpression()
        guard case .end = p.peek.kind else { throw p.error("expected AND, OR or the end of the filter, found \(p.peek.shown)") }
        return f
    }

    struct Token {
        enum Kind: Equatable {
            case word(String)          // a keyword or bare property name, as written
            case quotedName(String)    // "property"
            case string(String)
            case number(Double)
            case symbol(String)
            case end
        }
        var kind: Kind
        /// 1-based character position.
        var at: Int

        var shown: String {
            switch kind {
            case .word(let w): "'\(w)'"
            case .quotedName(let n): "\"\(n)\""
            case .string(let s): "the string '\(s)'"
            case .number(let d): "the number \(d)"
            case .symbol(let s): "'\(s)'"
            case .end: "the end of the filter"
            }
        }

        /// The keyword this token spells (upper case), if it is a bare word.
        var keyword: String? { if case .word(let w) = kind { w.uppercased() } else { nil } }
    }

    enum Lexer {
        static func tokens(_ text: String) throws(FeatureFilterError) -> [Token] {
            let s = Array(text.unicodeScalars)
            var out: [Token] = []
            var i = 0
            func isLetter(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c == "_" }
            func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
            while i < s.count {
                let c = s[i]
                let at = i + 1
                if c.properties.isWhitespace { i += 1; continue }
                if c == "'" || c == "\"" {
                    var value = ""
                    i += 1
                    var closed = false
                    while i < s.count {
                        if s[i] == c {
                            if i + 1 < s.count, s[i + 1] == c { value.unicodeScalars.append(c); i += 2; continue }
                            closed = true
                            i += 1
                            break
                        }
                        if c == "'", s[i] == "\\", i + 1 < s.count, s[i + 1] == "'" { value.unicodeScalars.append("'"); i += 2; continue }
                        value.unicodeScalars.append(s[i])
                        i += 1
                    }
                    guard closed else {
                        throw FeatureFilterError("at character \(at)", "the \(c == "'" ? "string" : "quoted property name") that starts here is never closed")
                    }
                    out.append(Token(kind: c == "'" ? .string(value) : .quotedName(value), at: at))
                    continue
                }
                // Without arithmetic a sign before a digit always starts a number (WKT's `POINT(1 -2)`).
                let signed = (c == "-" || c == "+") && i + 1 < s.count && (isDigit(s[i + 1]) || s[i + 1] == ".")
                if isDigit(c) || signed || (c == "." && i + 1 < s.count && isDigit(s[i + 1])) {
                    var j = i + (signed ? 1 : 0)
                    while j < s.count, isDigit(s[j]) || s[j] == "." { j += 1 }
                    if j < s.count, s[j] == "e" || s[j] == "E" {
                        var k = j + 1
                        if k < s.count, s[k] == "+" || s[k] == "-" { k += 1 }
                        if k < s.count, isDigit(s[k]) {
                            j = k
                            while j < s.count, isDigit(s[j]) { j += 1 }
                        }
                    }
                    let literal = String(String.UnicodeScalarView(s[i..<j]))
                    guard let d = Double(literal) else { throw FeatureFilterError("at character \(at)", "'\(literal)' is not a number") }
                    out.append(Token(kind: .number(d), at: at))
                    i = j
                    continue
                }
                if isLetter(c) {
                    var j = i + 1
                    while j < s.count, isLetter(s[j]) || isDigit(s[j]) || s[j] == "." || s[j] == ":" { j += 1 }
                    out.append(Token(kind: .word(String(String.UnicodeScalarView(s[i..<j]))), at: at))
                    i = j
                    continue
                }
                let two = i + 1 < s.count ? String(String.UnicodeScalarView([c, s[i + 1]])) : ""
                if ["<>", "<=", ">="].contains(two) {
                    out.append(Token(kind: .symbol(two), at: at))
                    i += 2
                    continue
                }
                if two == "!=" { throw FeatureFilterError("at character \(at)", "'!=' is not CQL2; write '<>'") }
                if "()=<>,".unicodeScalars.contains(c) {
                    out.append(Token(kind: .symbol(String(c)), at: at))
                    i += 1
                    continue
                }
                throw FeatureFilterError("at character \(at)", "unexpected character '\(c)'")
            }
            out.append(Token(kind: .end, at: s.count + 1))
            return out
        }
    }

    struct Parser {
        var tokens: [Token]
        var k = 0

        var peek: Token { tokens[k] }
        func peek(_ ahead: Int) -> Token { tokens[min(k + ahead, tokens.count - 1)] }
        mutating func next() -> Token { let t = tokens[k]; if k < tokens.count - 1 { k += 1 }; return t }

        func error(_ reason: String, at token: Token? = nil) -> FeatureFilterError {
            FeatureFilterError("at character \((token ?? peek).at)", reason)
        }

        mutating func accept(keyword: String) -> Bool {
            if peek.keyword == keyword { k += 1; return true }
            return false
        }

        mutating func accept(_ symbol: String) -> Bool {
            if peek.kind == .symbol(symbol) { k += 1; return true }
            return false
        }

        mutating func expect(_ symbol: String, _ what: String) throws(FeatureFilterError) {
            guard accept(symbol) else { throw error("expected '\(symbol)' \(what), found \(peek.shown)") }
        }

        // booleanExpression = booleanTerm {OR booleanTerm}
        mutating func booleanExpression() throws(FeatureFilterError) -> FeatureFilter {
            var terms = [try booleanTerm()]
            while accept(keyword: "OR") { terms.append(try booleanTerm()) }
            return terms.count == 1 ? terms[0] : .or(terms)
        }

        mutating func booleanTerm() throws(FeatureFilterError) -> FeatureFilter {
            var factors = [try booleanFactor()]
            while accept(keyword: "AND") { factors.append(try booleanFactor()) }
            return factors.count == 1 ? factors[0] : .and(factors)
        }

        mutating func booleanFactor() throws(FeatureFilterError) -> FeatureFilter {
            if accept(keyword: "NOT") { return .not(try booleanFactor()) }
            return try booleanPrimary()
        }

        mutating func booleanPrimary() throws(FeatureFilterError) -> FeatureFilter {
            if accept("(") {
                let f = try booleanExpression()
                try expect(")", "to close the '('")
                return f
            }
            if let word = peek.keyword, peek(1).kind == .symbol("(") {
                if let relation = FeatureFilter.SpatialRelation(rawValue: word.lowercased()) {
                    let (a, b) = try functionArguments(word, temporal: false)
                    return .spatial(relation, a, b)
                }
                if let relation = FeatureFilter.TemporalRelation(rawValue: word.lowercased()) {
                    let (a, b) = try functionArguments(word, temporal: true)
                    return .temporal(relation, a, b)
                }
                if !["TIMESTAMP", "DATE"].contains(word) { throw CQL2Text.unsupported(function: word, at: peek) }
            }
            if (peek.keyword == "TRUE" || peek.keyword == "FALSE"), !isComparison(peek(1)) {
                return .constant(next().keyword == "TRUE")
            }
            let lhs = try scalar()
            return try predicate(after: lhs)
        }

        /// `NAME(a, b)` of a spatial or temporal function, from its name on.
        mutating func functionArguments(_ word: String, temporal: Bool) throws(FeatureFilterError) -> (FilterOperand, FilterOperand) {
            _ = next()
            _ = next()
            let a = temporal ? try temporalExpression() : try geometryExpression()
            try expect(",", "between the arguments of \(word)")
            let b = temporal ? try temporalExpression() : try geometryExpression()
            try expect(")", "to close \(word)(…)")
            return (a, b)
        }

        func isComparison(_ t: Token) -> Bool {
            if case .symbol(let s) = t.kind { return FeatureFilter.ComparisonOperator(rawValue: s) != nil }
            return ["LIKE", "BETWEEN", "IN", "IS", "NOT"].contains(t.keyword ?? "")
        }

        mutating func predicate(after lhs: FilterOperand) throws(FeatureFilterError) -> FeatureFilter {
            if case .symbol(let s) = peek.kind, let op = FeatureFilter.ComparisonOperator(rawValue: s) {
                _ = next()
                return .compare(op, lhs, try scalar())
            }
            if accept(keyword: "IS") {
                let negated = accept(keyword: "NOT")
                guard accept(keyword: "NULL") else { throw error("expected NULL after IS\(negated ? " NOT" : ""), found \(peek.shown)") }
                return negated ? .not(.isNull(lhs)) : .isNull(lhs)
            }
            let negated = accept(keyword: "NOT")
            let f: FeatureFilter
            if accept(keyword: "LIKE") {
                let t = next()
                guard case .string(let pattern) = t.kind else { throw error("expected a pattern in quotes after LIKE, found \(t.shown)", at: t) }
                f = .like(lhs, pattern: pattern)
            } else if accept(keyword: "BETWEEN") {
                let low = try scalar()
                guard accept(keyword: "AND") else { throw error("expected AND between the two ends of BETWEEN, found \(peek.shown)") }
                f = .between(lhs, low: low, high: try scalar())
            } else if accept(keyword: "IN") {
                try expect("(", "to open the list after IN")
                var list = [try scalar()]
                while accept(",") { list.append(try scalar()) }
                try expect(")", "to close the list after IN")
                f = .isIn(lhs, list)
            } else {
                throw error(negated ? "expected LIKE, BETWEEN or IN after NOT, found \(peek.shown)"
                                    : "expected a comparison (=, <>, <, <=, >, >=, LIKE, BETWEEN, IN, IS NULL) after the operand, found \(peek.shown)")
            }
            return negated ? .not(f) : f
        }

        /// A property, a string, number, boolean, `TIMESTAMP(…)` or `DATE(…)`.
        mutating func scalar() throws(FeatureFilterError) -> FilterOperand {
            let t = peek
            switch t.kind {
            case .string(let s): _ = next(); return .string(s)
            case .number(let d): _ = next(); return .number(d)
            case .quotedName(let n): _ = next(); return .property(n)
            case .word(let w):
                switch w.uppercased() {
                case "TRUE": _ = next(); return .boolean(true)
                case "FALSE": _ = next(); return .boolean(false)
                case "TIMESTAMP", "DATE": return try instantLiteral()
                case "INTERVAL": throw error("an INTERVAL can only be an argument of a T_ function such as T_INTERSECTS")
                default:
                    if peek(1).kind == .symbol("(") { throw CQL2Text.unsupported(function: w.uppercased(), at: t) }
                    if CQL2Text.reserved.contains(w.uppercased()) { throw error("expected a property or a value, found the keyword \(w.uppercased())") }
                    _ = next()
                    return .property(w)
                }
            case .symbol, .end:
                throw error("expected a property or a value, found \(t.shown)")
            }
        }

        mutating func instantLiteral() throws(FeatureFilterError) -> FilterOperand {
            let t = next()
            let word = t.keyword ?? ""
            try expect("(", "after \(word)")
            let v = next()
            guard case .string(let text) = v.kind else { throw error("expected the \(word.lowercased()) in quotes, found \(v.shown)", at: v) }
            try expect(")", "to close \(word)(…)")
            switch try CQL2Text.instant(text, isDate: word == "DATE", at: "at character \(v.at)") {
            case .timestamp(let s): return .timestamp(s)
            case .date(let s): return .date(s)
            }
        }

        mutating func temporalExpression() throws(FeatureFilterError) -> FilterOperand {
            switch peek.keyword {
            case "TIMESTAMP", "DATE": return try instantLiteral()
            case "INTERVAL":
                _ = next()
                try expect("(", "after INTERVAL")
                let start = try intervalEnd()
                try expect(",", "between the two ends of INTERVAL")
                let end = try intervalEnd()
                try expect(")", "to close INTERVAL(…)")
                return try CQL2Text.interval(start, end, at: "at character \(peek.at)")
            default: return try scalar()
            }
        }

        /// `'..'`, a time or date in quotes, or `TIMESTAMP(…)` / `DATE(…)`.
        mutating func intervalEnd() throws(FeatureFilterError) -> FilterInstant? {
            let t = peek
            if case .string(let text) = t.kind {
                _ = next()
                if text == ".." { return nil }
                return try CQL2Text.instant(text, isDate: text.unicodeScalars.count == 10, at: "at character \(t.at)")
            }
            switch try instantLiteral() {
            case .timestamp(let s): return .timestamp(s)
            case .date(let s): return .date(s)
            default: return nil
            }
        }

        mutating func geometryExpression() throws(FeatureFilterError) -> FilterOperand {
            let t = peek
            guard let word = t.keyword else { return try scalar() }
            if word == "BBOX" {
                _ = next()
                try expect("(", "after BBOX")
                var numbers = [try number()]
                while accept(",") { numbers.append(try number()) }
                try expect(")", "to close BBOX(…)")
                return .geometry(try CQL2Text.bbox(numbers, at: "at character \(t.at)"))
            }
            guard CQL2Text.geometryKeywords.contains(word) else { return try scalar() }
            return .geometry(try wkt())
        }

        mutating func number() throws(FeatureFilterError) -> Double {
            let t = next()
            guard case .number(let d) = t.kind else { throw error("expected a number, found \(t.shown)", at: t) }
            return d
        }

        // WKT (OGC 06-103r4), two or three ordinates per point; the third is dropped.
        mutating func wkt() throws(FeatureFilterError) -> Geometry {
            let t = next()
            let word = t.keyword ?? ""
            if peek.keyword == "Z" || peek.keyword == "M" || peek.keyword == "ZM" { _ = next() }
            if peek.keyword == "EMPTY" { throw error("an EMPTY geometry matches nothing; leave the predicate out", at: t) }
            switch word {
            case "POINT":
                try expect("(", "after POINT")
                let c = try coordinate()
                try expect(")", "to close POINT(…)")
                return .point(c)
            case "LINESTRING": return .lineString(try line())
            case "POLYGON": return .polygon(try polygon())
            case "MULTIPOINT":
                try expect("(", "after MULTIPOINT")
                var points: [Coordinate] = []
                repeat {
                    if accept("(") {
                        points.append(try coordinate())
                        try expect(")", "to close the point")
                    } else {
                        points.append(try coordinate())
                    }
                } while accept(",")
                try expect(")", "to close MULTIPOINT(…)")
                return .multiPoint(points)
            case "MULTILINESTRING":
                try expect("(", "after MULTILINESTRING")
                var lines = [try line()]
                while accept(",") { lines.append(try line()) }
                try expect(")", "to close MULTILINESTRING(…)")
                return .multiLineString(lines)
            case "MULTIPOLYGON":
                try expect("(", "after MULTIPOLYGON")
                var polygons = [try polygon()]
                while accept(",") { polygons.append(try polygon()) }
                try expect(")", "to close MULTIPOLYGON(…)")
                return .multiPolygon(MultiPolygon(polygons))
            default:
                throw error("\(word) is not supported; a filter's geometry is a POINT, LINESTRING, POLYGON, their MULTI forms or a BBOX", at: t)
            }
        }

        mutating func coordinate() throws(FeatureFilterError) -> Coordinate {
            let x = try number(), y = try number()
            // A height (and a measure) is read and dropped; ranges are checked once the filter's
            // CRS has put the axes in order (FeatureFilter+Checking).
            if case .number = peek.kind { _ = next() }
            if case .number = peek.kind { _ = next() }
            return Coordinate(lon: x, lat: y)
        }

        mutating func line() throws(FeatureFilterError) -> [Coordinate] {
            try expect("(", "to open a list of points")
            var points = [try coordinate()]
            while accept(",") { points.append(try coordinate()) }
            try expect(")", "to close the list of points")
            return points
        }

        mutating func polygon() throws(FeatureFilterError) -> Polygon {
            let t = peek
            try expect("(", "to open a polygon's rings")
            var rings = [try line()]
            while accept(",") { rings.append(try line()) }
            try expect(")", "to close the polygon")
            return try CQL2Text.polygon(rings, at: "at character \(t.at)")
        }
    }

    static let geometryKeywords: Set<String> = ["POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION"]
    static let reserved: Set<String> = Set(["AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS", "NULL", "BBOX"]).union(geometryKeywords)

    static func unsupported(function name: String, at t: Token) -> FeatureFilterError {
        let reason = switch name {
        case "CASEI", "ACCENTI": "\(name) (case- and accent-insensitive comparison) is not supported; comparisons are exact"
        case _ where name.hasPrefix("A_"): "\(name): array functions are not supported (no queryable is an array)"
        default: "no function \(name); the functions are S_INTERSECTS, S_WITHIN, S_CONTAINS, S_DISJOINT, S_EQUALS, S_TOUCHES, S_OVERLAPS, S_CROSSES and the T_ functions (T_BEFORE, T_AFTER, T_INTERSECTS, T_DURING …)"
        }
        return FeatureFilterError("at character \(t.at)", reason)
    }

    // Literal rules shared with the JSON encoding.

    /// A `TIMESTAMP` (RFC 3339, `Z` or an offset) or a `DATE` (`YYYY-MM-DD`, that day in China time).
    static func instant(_ text: String, isDate: Bool, at location: String) throws(FeatureFilterError) -> FilterInstant {
        if isDate {
            guard text.unicodeScalars.count == 10, case .success(let t) = Timestamp.parse(text + "T00:00:00+08:00") else {
                throw FeatureFilterError(location, "'\(text)' is not a date such as 2026-05-01")
            }
            return .date(t.seconds)
        }
        switch Timestamp.parse(text) {
        case .success(let t): return .timestamp(t.seconds)
        case .failure(let e): throw FeatureFilterError(location, "'\(text)': \(e.reason)")
        }
    }

    static func interval(_ start: FilterInstant?, _ end: FilterInstant?, at location: String) throws(FeatureFilterError) -> FilterOperand {
        if let start, let end, FilterInstant.first(start) > FilterInstant.last(end) {
            throw FeatureFilterError(location, "the interval's start is after its end")
        }
        return .interval(start: start, end: end)
    }

    /// `BBOX(minx, miny, maxx, maxy)` or its six-number 3D form, as a rectangle.
    static func bbox(_ n: [Double], at location: String) throws(FeatureFilterError) -> Geometry {
        let (x0, y0, x1, y1): (Double, Double, Double, Double)
        switch n.count {
        case 4: (x0, y0, x1, y1) = (n[0], n[1], n[2], n[3])
        case 6: (x0, y0, x1, y1) = (n[0], n[1], n[3], n[4])
        default: throw FeatureFilterError(location, "a BBOX has 4 numbers (west, south, east, north) or 6 with heights, not \(n.count)")
        }
        guard x0 <= x1, y0 <= y1 else {
            throw FeatureFilterError(location, "BBOX(\(n.map { "\($0)" }.joined(separator: ", "))): each minimum must come before its maximum (west, south, east, north)")
        }
        return .polygon(Polygon(exterior: [Coordinate(lon: x0, lat: y0), Coordinate(lon: x1, lat: y0), Coordinate(lon: x1, lat: y1),
                                           Coordinate(lon: x0, lat: y1), Coordinate(lon: x0, lat: y0)]))
    }

    static func polygon(_ rings: [[Coordinate]], at location: String) throws(FeatureFilterError) -> Polygon {
        for (k, ring) in rings.enumerated() {
            guard ring.count >= 4, ring.first == ring.last else {
                throw FeatureFilterError(location, "ring \(k + 1) of a polygon must have at least 4 points and end where it starts")
            }
        }
        return Polygon(rings: rings)
    }
}

extension FilterInstant {
    /// The first second an instant covers (a date: its first second).
    static func first(_ i: FilterInstant) -> Int64 {
        switch i { case .timestamp(let s), .date(let s): s }
    }

    /// The last second an instant covers (a date: its last second).
    static func last(_ i: FilterInstant) -> Int64 {
        switch i { case .timestamp(let s): s
        case .date(let s): s + 86_399 }
    }
}
