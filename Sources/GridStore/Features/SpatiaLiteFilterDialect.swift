import GridGeo
import GridService

/// CQL2 in SpatiaLite's SQL: geometries as `GeomFromWKB`, the R*-tree `SpatialIndex` narrowing
/// by rectangle before GEOS decides, and `LIKE` as a case-sensitive `GLOB`.
struct SpatiaLiteFilterDialect: FeatureFilterDialect {
    /// The layer's table, its geometry columns with a spatial index, and the geometry it serves.
    var table: String
    var indexes: [String]
    var geometryColumn: String

    func spatial(_ relation: FeatureFilter.SpatialRelation, _ a: SpatialSide, _ b: SpatialSide, _ args: inout [FilterArgument]) -> String {
        var sql = ""
        // Every relation but disjointness needs the rectangles to meet: the index finds those.
        if relation != .disjoint, case .layer = a, case .literal(let g) = b {
            let frame = WKB.encode(g)
            sql = "(" + indexes.map { column in
                "ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = '\(table)' AND f_geometry_column = '\(column)' AND search_frame = GeomFromWKB(?, 4326))"
            }.joined(separator: " OR ") + ") AND "
            for _ in indexes { args.append(.blob(frame)) }
        } else if relation != .disjoint, case .literal = a, case .layer = b {
            return spatial(relation.converse, b, a, &args)
        }
        func operand(_ s: SpatialSide) -> String {
            switch s {
            case .layer: return geometryColumn
            case .literal(let g): args.append(.blob(WKB.encode(g))); return "GeomFromWKB(?, 4326)"
            }
        }
        // SpatiaLite answers -1 where it cannot decide (a NULL geometry): only 1 is true.
        return sql + "\(relation.sqlFunction)(\(operand(a)), \(operand(b))) = 1"
    }

    /// CQL2's `%`, `_` and `\` turned into GLOB's `*`, `?` and brackets: SQLite's LIKE ignores
    /// case, CQL2's does not.
    func like(_ expression: String, pattern: String, _ args: inout [FilterArgument]) -> String {
        var glob = ""
        var escaped = false
        for c in pattern {
            if escaped {
                glob += ["*", "?", "["].contains(c) ? "[\(c)]" : String(c)
                escaped = false
                continue
            }
            switch c {
            case "\\": escaped = true
            case "%": glob += "*"
            case "_": glob += "?"
            case "*", "?", "[": glob += "[\(c)]"
            default: glob.append(c)
            }
        }
        if escaped { glob += "\\" }
        args.append(.text(glob))
        return "\(expression) GLOB ?"
    }

    /// SQLite compares text by its bytes, which for UTF-8 is code-point order already.
    func ordered(_ textExpression: String) -> String { textExpression }
}

extension FilterArgument: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue {
        switch self {
        case .text(let s): .text(s)
        case .integer(let i): .integer(i)
        case .real(let d): .real(d)
        case .blob(let b): .blob(b)
        }
    }
}
