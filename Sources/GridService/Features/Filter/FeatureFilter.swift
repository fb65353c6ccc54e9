import GridGeo

/// A CQL2 filter expression (OGC API – Features Part 3), parsed from `cql2-text` or
/// `cql2-json` and checked against a layer's queryables before any store sees it.
///
/// The stores turn it into SQL with bound parameters (`FeatureFilterSQL`): no part of a filter
/// is ever spliced into SQL text.
public indirect enum FeatureFilter: Sendable, Equatable {
    case and([FeatureFilter])
    case or([FeatureFilter])
    case not(FeatureFilter)
    /// `TRUE` or `FALSE` as a whole predicate.
    case constant(Bool)
    case compare(ComparisonOperator, FilterOperand, FilterOperand)
    /// `LIKE` with CQL2's wildcards: `%` any run, `_` one character, `\` escaping either.
    case like(FilterOperand, pattern: String)
    case between(FilterOperand, low: FilterOperand, high: FilterOperand)
    case isIn(FilterOperand, [FilterOperand])
    case isNull(FilterOperand)
    case spatial(SpatialRelation, FilterOperand, FilterOperand)
    case temporal(TemporalRelation, FilterOperand, FilterOperand)

    public enum ComparisonOperator: String, Sendable, CaseIterable {
        case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }

    /// CQL2's spatial functions (DE-9IM relations, as GEOS computes them in both stores).
    public enum SpatialRelation: String, Sendable, CaseIterable {
        case intersects = "s_intersects", disjoint = "s_disjoint", within = "s_within", contains = "s_contains"
        case equals = "s_equals", touches = "s_touches", overlaps = "s_overlaps", crosses = "s_crosses"

        /// The same relation with its two arguments swapped.
        public var converse: SpatialRelation {
            switch self {
            case .within: .contains
            case .contains: .within
            default: self
            }
        }
    }

    /// CQL2's temporal functions (Allen's interval relations; an instant is an interval whose
    /// start and end coincide).
    public enum TemporalRelation: String, Sendable, CaseIterable {
        case after = "t_after", before = "t_before", contains = "t_contains", disjoint = "t_disjoint", during = "t_during"
        case equals = "t_equals", finishedBy = "t_finishedby", finishes = "t_finishes", intersects = "t_intersects"
        case meets = "t_meets", metBy = "t_metby", overlappedBy = "t_overlappedby", overlaps = "t_overlaps"
        case startedBy = "t_startedby", starts = "t_starts"
    }
}

/// An operand of a CQL2 predicate: a layer's property or a literal.
public enum FilterOperand: Sendable, Equatable {
    case property(String)
    case string(String)
    case number(Double)
    case boolean(Bool)
    /// `TIMESTAMP('…')`: seconds since 1970 (UTC).
    case timestamp(Int64)
    /// `DATE('…')`: the whole day, in China time as every date in Wangge (first second).
    case date(Int64)
    /// `INTERVAL(a, b)`: either end may be open (`..`); a date end covers its whole day.
    case interval(start: FilterInstant?, end: FilterInstant?)
    /// A WKT or GeoJSON geometry, or `BBOX(…)` as its rectangle; WGS-84 longitude/latitude.
    case geometry(Geometry)
}

/// One end of an `INTERVAL`.
public enum FilterInstant: Sendable, Equatable {
    case timestamp(Int64)
    case date(Int64)
}
