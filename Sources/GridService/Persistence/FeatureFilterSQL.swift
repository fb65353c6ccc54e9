import GridGeo

/// A value bound to one `?` of a filter's SQL.
public enum FilterArgument: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case real(Double)
    case blob([UInt8])
}

/// Where the stores' SQL for a filter differs; the rest — `AND`, `OR`, `NOT`, comparisons,
/// `BETWEEN`, `IN`, `IS NULL` and the interval arithmetic of the T_ functions — is the standard
/// SQL both run, written once in `FeatureFilterSQL`.
public protocol FeatureFilterDialect {
    /// The SQL expression of a queryable that is not the geometry (`received_at` → `received_epoch`,
    /// `grid` → `grid_id`): timestamps as seconds since 1970.
    func column(of queryable: Queryable) -> String
    /// The layer's geometry, for `IS NULL`.
    var geometryColumn: String { get }
    /// The SQL relating two geometries, each the layer's own or a literal bound as WKB in SRID 4326;
    /// where the layer's meets a literal, it should let the spatial index narrow first.
    func spatial(_ relation: FeatureFilter.SpatialRelation, _ a: SpatialSide, _ b: SpatialSide, _ args: inout [FilterArgument]) -> String
    /// `LIKE` with CQL2's meaning: case-sensitive, `%`, `_`, and `\` escaping.
    func like(_ expression: String, pattern: String, _ args: inout [FilterArgument]) -> String
    /// A text expression as compared by `<` and `>`: in code-point order, as CQL2 means.
    func ordered(_ textExpression: String) -> String
}

/// One side of a spatial function.
public enum SpatialSide: Sendable {
    case layer
    case literal(Geometry)
}

extension FeatureFilter.SpatialRelation {
    /// The SQL/MM function of the relation, named alike in SpatiaLite and PostGIS.
    public var sqlFunction: String {
        switch self {
        case .intersects: "ST_Intersects"
        case .disjoint: "ST_Disjoint"
        case .within: "ST_Within"
        case .contains: "ST_Contains"
        case .equals: "ST_Equals"
        case .touches: "ST_Touches"
        case .overlaps: "ST_Overlaps"
        case .crosses: "ST_Crosses"
        }
    }
}

extension FeatureFilterDialect {
    /// The columns are named alike in both stores; the times are kept as epoch seconds beside
    /// their RFC 3339 text so that they compare as numbers.
    public func column(of queryable: Queryable) -> String {
        switch queryable.name {
        case "received_at": "received_epoch"
        case "resolve_by": "resolve_by_epoch"
        case "grid", "community", "street", "district", "building", "unit": queryable.name + "_id"
        default: queryable.name
        }
    }
}

/// Turns a checked `FeatureFilter` into one SQL condition and the values bound to its `?`s.
///
/// SQL's NULL would make `NOT (parent = 'x')` leave out the features with no parent; CQL2 and
/// every other evaluator keep them, so under a `NOT` each predicate counts NULL as false.
/// Outside a `NOT` they are left bare, so that the indexes on them still serve.
public struct FeatureFilterSQL<Dialect: FeatureFilterDialect> {
    let layer: FeatureLayer
    let dialect: Dialect
    public private(set) var arguments: [FilterArgument] = []

    public init(layer: FeatureLayer, dialect: Dialect) {
        self.layer = layer
        self.dialect = dialect
    }

    /// The condition for a filter already checked against `layer` (`FeatureFilter.checked(for:)`).
    public mutating func condition(_ f: FeatureFilter) -> String { sql(f, negated: false) }

    private mutating func sql(_ f: FeatureFilter, negated: Bool) -> String {
        let leaf: String
        switch f {
        case .and(let parts): return "(" + parts.map { sql($0, negated: negated) }.joined(separator: " AND ") + ")"
        case .or(let parts): return "(" + parts.map { sql($0, negated: negated) }.joined(separator: " OR ") + ")"
        case .not(let p): return "(NOT " + sql(p, negated: true) + ")"
        case .constant(let b): return b ? "(1 = 1)" : "(1 = 0)"
        case .compare(let op, let a, let b): leaf = compare(op, a, b)
        case .like(let a, let pattern): leaf = dialect.like(value(a), pattern: pattern, &arguments)
        case .between(let a, let low, let high):
            leaf = isTime(a) ? "(\(compare(.greaterOrEqual, a, low)) AND \(compare(.lessOrEqual, a, high)))"
                             : "\(text(a, ordered: true)) BETWEEN \(text(low, ordered: true)) AND \(text(high, ordered: true))"
        case .isIn(let a, let list):
            leaf = isTime(a) ? "(" + list.map { compare(.equal, a, $0) }.joined(separator: " OR ") + ")"
                             : "\(value(a)) IN (\(list.map { value($0) }.joined(separator: ", ")))"
        case .isNull(let a):
            if case .property(let name) = a, layer.queryable(name)?.type == .geometry { return "(\(dialect.geometryColumn) IS NULL)" }
            return "(\(value(a)) IS NULL)"
        case .spatial(let relation, let a, let b): leaf = dialect.spatial(relation, side(a), side(b), &arguments)
        case .temporal(let relation, let a, let b): leaf = temporal(relation, range(a), range(b))
        }
        return negated ? "COALESCE(\(leaf), FALSE)" : "(\(leaf))"
    }

    // MARK: Scalars

    private func isTime(_ o: FilterOperand) -> Bool {
        switch o {
        case .timestamp, .date: true
        case .property(let name): layer.queryable(name)?.type == .timestamp
        default: false
        }
    }

    /// An operand as SQL: a column, or a `?` with its value bound.
    private mutating func value(_ o: FilterOperand) -> String {
        switch o {
        case .property(let name): return layer.queryable(name).map { dialect.column(of: $0) } ?? name
        case .string(let s): arguments.append(.text(s))
        case .number(let d): arguments.append(.real(d))
        case .boolean(let b): arguments.append(.integer(b ? 1 : 0))
        case .timestamp(let s), .date(let s): arguments.append(.integer(s))
        case .interval, .geometry: return "NULL"  // refused by the checker before this point
        }
        return "?"
    }

    /// A value, text in code-point order where it is ordered.
    private mutating func text(_ o: FilterOperand, ordered: Bool) -> String {
        let isText: Bool
        switch o {
        case .string: isText = true
        case .property(let name): isText = layer.queryable(name)?.type == .string
        default: isText = false
        }
        let v = value(o)
        return isText && ordered ? dialect.ordered(v) : v
    }

    private mutating func compare(_ op: FeatureFilter.ComparisonOperator, _ a: FilterOperand, _ b: FilterOperand) -> String {
        guard isTime(a) || isTime(b) else {
            let ordering = op != .equal && op != .notEqual
            return "\(text(a, ordered: ordering)) \(op.rawValue) \(text(b, ordered: ordering))"
        }
        // A date is its whole day: `received_at = DATE('2026-05-01')` is any time that day,
        // `<` before it began, `>` after it ended.
        let (x, y) = (range(a), range(b))
        switch op {
        case .equal: return both(bound(x.start, .greaterOrEqual, y.start), bound(x.end, .lessOrEqual, y.end))
        case .notEqual: return "(NOT " + both(bound(x.start, .greaterOrEqual, y.start), bound(x.end, .lessOrEqual, y.end)) + ")"
        case .less: return bound(x.end, .less, y.start)
        case .lessOrEqual: return bound(x.start, .lessOrEqual, y.end)
        case .greater: return bound(x.start, .greater, y.end)
        case .greaterOrEqual: return bound(x.end, .greaterOrEqual, y.start)
        }
    }

    // MARK: Times

    /// One end of a time range: SQL, or open.
    private enum Bound {
        case sql(String, [FilterArgument])
        case minusInfinity
        case plusInfinity
    }

    /// An instant is a range whose ends coincide; a date runs to the last instant of its day.
    private func range(_ o: FilterOperand) -> (start: Bound, end: Bound) {
        func instant(_ i: FilterInstant, end: Bool) -> Bound {
            switch i {
            case .timestamp(let s): .sql("?", [.integer(s)])
            case .date(let s): end ? .sql("?", [.real(Double(s) + 86_399.999_999)]) : .sql("?", [.integer(s)])
            }
        }
        switch o {
        case .property(let name):
            let column = layer.queryable(name).map { dialect.column(of: $0) } ?? name
            return (.sql(column, []), .sql(column, []))
        case .timestamp(let s): return (instant(.timestamp(s), end: false), instant(.timestamp(s), end: true))
        case .date(let s): return (instant(.date(s), end: false), instant(.date(s), end: true))
        case .interval(let start, let end):
            return (start.map { instant($0, end: false) } ?? .minusInfinity, end.map { instant($0, end: true) } ?? .plusInfinity)
        default: return (.minusInfinity, .plusInfinity)
        }
    }

    /// `x op y` where either may be open: decided at once where it is, else bound as SQL.
    private mutating func bound(_ x: Bound, _ op: FeatureFilter.ComparisonOperator, _ y: Bound) -> String {
        func rank(_ b: Bound) -> Int? {
            switch b {
            case .minusInfinity: -1
            case .plusInfinity: 1
            case .sql: nil
            }
        }
        if rank(x) != nil || rank(y) != nil {
            let (rx, ry) = (rank(x) ?? 0, rank(y) ?? 0)
            let holds = switch op {
            case .equal: rx == ry && rx != 0
            case .notEqual: rx != ry || rx == 0
            case .less: rx < ry
            case .lessOrEqual: rx < ry || (rx == ry && rx != 0)
            case .greater: rx > ry
            case .greaterOrEqual: rx > ry || (rx == ry && rx != 0)
            }
            return holds ? "(1 = 1)" : "(1 = 0)"
        }
        guard case .sql(let sx, let ax) = x, case .sql(let sy, let ay) = y else { return "(1 = 0)" }
        arguments += ax
        arguments += ay
        return "\(sx) \(op.rawValue) \(sy)"
    }

    private func both(_ a: String, _ b: String) -> String { "(\(a) AND \(b))" }

    /// Allen's relations over two ranges (CQL2 §"Temporal functions").
    private mutating func temporal(_ r: FeatureFilter.TemporalRelation, _ a: (start: Bound, end: Bound), _ b: (start: Bound, end: Bound)) -> String {
        switch r {
        case .after: return bound(a.start, .greater, b.end)
        case .before: return bound(a.end, .less, b.start)
        case .contains: return both(bound(a.start, .less, b.start), bound(a.end, .greater, b.end))
        case .disjoint: return "(" + bound(a.start, .greater, b.end) + " OR " + bound(a.end, .less, b.start) + ")"
        case .during: return both(bound(a.start, .greater, b.start), bound(a.end, .less, b.end))
        case .equals: return both(bound(a.start, .equal, b.start), bound(a.end, .equal, b.end))
        case .finishedBy: return both(bound(a.start, .less, b.start), bound(a.end, .equal, b.end))
        case .finishes: return both(bound(a.start, .greater, b.start), bound(a.end, .equal, b.end))
        case .intersects: return both(bound(a.start, .lessOrEqual, b.end), bound(a.end, .greaterOrEqual, b.start))
        case .meets: return bound(a.end, .equal, b.start)
        case .metBy: return bound(a.start, .equal, b.end)
        case .overlappedBy:
            return both(both(bound(a.start, .greater, b.start), bound(a.start, .less, b.end)), bound(a.end, .greater, b.end))
        case .overlaps: return both(both(bound(a.start, .less, b.start), bound(a.end, .greater, b.start)), bound(a.end, .less, b.end))
        case .startedBy: return both(bound(a.start, .equal, b.start), bound(a.end, .greater, b.end))
        case .starts: return both(bound(a.start, .equal, b.start), bound(a.end, .less, b.end))
        }
    }

    // MARK: Geometry

    private func side(_ o: FilterOperand) -> SpatialSide {
        if case .geometry(let g) = o { return .literal(g) }
        return .layer
    }
}
