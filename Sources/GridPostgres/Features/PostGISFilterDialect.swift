import GridGeo
import GridService

/// CQL2 in PostGIS's SQL: geometries as `ST_GeomFromWKB`, each geometry column tested on its
/// own so that its GiST index serves (a layer with a footprint or else a position, buildings,
/// tests the footprint, then the position where there is none).
struct PostGISFilterDialect: FeatureFilterDialect {
    /// The layer's geometry columns in order of preference, and the geometry it serves.
    var columns: [String]
    var geometryColumn: String

    func spatial(_ relation: FeatureFilter.SpatialRelation, _ a: SpatialSide, _ b: SpatialSide, _ args: inout [FilterArgument]) -> String {
        if case .literal = a, case .layer = b { return spatial(relation.converse, b, a, &args) }
        if case .layer = a, case .literal(let g) = b, relation != .disjoint, columns.count > 1 {
            let wkb = WKB.encode(g)
            var tried: [String] = []
            var parts: [String] = []
            for column in columns {
                parts.append("(" + tried.map { "\($0) IS NULL AND " }.joined() + "\(relation.sqlFunction)(\(column), ST_GeomFromWKB(?, 4326)))")
                args.append(.blob(wkb))
                tried.append(column)
            }
            return "(" + parts.joined(separator: " OR ") + ")"
        }
        func operand(_ s: SpatialSide) -> String {
            switch s {
            case .layer: return geometryColumn
            case .literal(let g): args.append(.blob(WKB.encode(g))); return "ST_GeomFromWKB(?, 4326)"
            }
        }
        return "\(relation.sqlFunction)(\(operand(a)), \(operand(b)))"
    }

    /// PostgreSQL's LIKE is CQL2's: case-sensitive, `%`, `_`, `\` escaping.
    func like(_ expression: String, pattern: String, _ args: inout [FilterArgument]) -> String {
        args.append(.text(pattern))
        return "\(expression) LIKE ?"
    }

    /// The database's collation may sort by language; CQL2 orders by code point.
    func ordered(_ textExpression: String) -> String { "(\(textExpression) COLLATE \"C\")" }
}

extension FilterArgument: SQLArgument {
    public var sqlValue: SQLValue {
        switch self {
        case .text(let s): .text(s)
        case .integer(let i): .integer(i)
        case .real(let d): .real(d)
        case .blob(let b): .bytes(b)
        }
    }
}
