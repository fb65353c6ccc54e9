import GridGeo
import GridModel

extension LocateResult {
    /// The contract shape of DESIGN.md; a level with no containing area is `null`.
    public var json: JSONValue {
        func areaRef(_ a: Area) -> JSONValue {
            var o = JSONObject([("id", .string(a.id)), ("name", .string(a.name))])
            if a.level == .grid {
                o["worker"] = a.worker.map(JSONValue.string) ?? .null
            }
            return .object(o)
        }
        func metres(_ m: Double) -> JSONValue { .number((m * 10).rounded() / 10) }
        var areaObject = JSONObject()
        for level in AreaLevel.allCases { areaObject[level.rawValue] = areas[level].map(areaRef) ?? .null }
        var o = JSONObject([
            ("point", .array([.number(point.lon), .number(point.lat)])),
            ("crs", .string(crs.rawValue)),
            ("building", building.map { .object(JSONObject([("id", .string($0.id)), ("address", .string($0.address))])) } ?? .null),
            ("areas", .object(areaObject)),
            ("units", .array(units.map { .object(JSONObject([("id", .string($0.id)), ("name", .string($0.name)), ("level", .string($0.level.rawValue))])) })),
            ("near_border", .bool(nearBorder)),
        ])
        if nearBorder || !nearbyGrids.isEmpty {
            o["nearby_grids"] = .array(nearbyGrids.map { n in
                var r = areaRef(n.area).objectValue!
                r["distance_m"] = metres(n.metres)
                return .object(r)
            })
        }
        if let n = nearestGrid {
            var r = areaRef(n.area).objectValue!
            r["distance_m"] = metres(n.metres)
            o["nearest_grid"] = .object(r)
        }
        return .object(o)
    }
}
