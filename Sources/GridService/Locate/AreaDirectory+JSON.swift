import GridGeo
import GridModel

extension AreaDirectory {
    /// The areas of a placement as the locate result has them: one object per level (`id`,
    /// `name`, and the grid cell's `worker`), null where the placement has none.
    public func json(_ placement: AreaPlacement) -> JSONValue {
        var o = JSONObject()
        for level in AreaLevel.allCases {
            o[level.rawValue] = placement[level].map { id in
                var a = JSONObject([("id", .string(id)), ("name", areas[id].map { .string($0.name) } ?? .null)])
                if level == .grid { a["worker"] = areas[id]?.worker.map(JSONValue.string) ?? .null }
                return .object(a)
            } ?? .null
        }
        return .object(o)
    }

    /// `{id, name, level}` of a unit.
    public static func json(_ unit: ResponsibleUnit) -> JSONValue {
        .object(JSONObject([("id", .string(unit.id)), ("name", .string(unit.name)), ("level", .string(unit.level.rawValue))]))
    }
}
