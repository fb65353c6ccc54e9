import GridGeo
import GridModel

extension EarlyWarning {
    /// The warning as a GeoJSON Feature: its outline, and as properties `kind`, `category`,
    /// `start`, `end` (China dates), `observed`, `expected`, `p_value`, `recurrence_days`,
    /// `radius_m`, the grid cells with their workers, the units, the building and meter, the
    /// petitions behind it, `status` and `summary`.
    public func feature(registry: DeskRegistry) -> Feature {
        func number(_ v: Double?, _ decimals: Double = 1000) -> JSONValue { v.map { .number(($0 * decimals).rounded() / decimals) } ?? .null }
        let grids: [JSONValue] = grids.map { id in
            .object(JSONObject([("id", .string(id)), ("name", registry.areas[id].map { .string($0.name) } ?? .null),
                                ("worker", registry.areas[id]?.worker.map(JSONValue.string) ?? .null)]))
        }
        let units: [JSONValue] = units.map { id in registry.units[id].map(AreaDirectory.json) ?? .string(id) }
        let properties = JSONObject([
            ("id", .string(id)), ("kind", .string(kind.rawValue)), ("kind_name", .string(kind.chineseName)),
            ("category", category.map(JSONValue.string) ?? .null),
            ("category_name", category.flatMap { registry.categories[$0]?.nameZh }.map(JSONValue.string) ?? .null),
            ("start", .string(Timestamp.date(ofDay: startDay))), ("end", .string(Timestamp.date(ofDay: endDay))),
            ("observed", .number(Double(observed))), ("expected", number(expected)), ("p_value", number(pValue, 1e6)),
            ("recurrence_days", number(recurrenceDays, 1)), ("radius_m", number(radiusMetres, 1)),
            ("grids", .array(grids)), ("units", .array(units)),
            ("building", building.map(JSONValue.string) ?? .null), ("meter", meter.map(JSONValue.string) ?? .null),
            ("petitions", .array(petitions.map(JSONValue.string))),
            ("status", .string(status.rawValue)), ("status_name", .string(status.chineseName)), ("summary", .string(summary)),
        ])
        return Feature(id: id, geometry: .multiPolygon(outline), properties: properties)
    }

    /// Warnings as one FeatureCollection, coordinates in `crs`.
    public static func featureCollection(_ warnings: [EarlyWarning], registry: DeskRegistry, crs: CoordinateSystem = .wgs84) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 1 << 14)
        w.raw("{\"type\":\"FeatureCollection\",\"features\":[")
        for (k, warning) in warnings.enumerated() {
            if k > 0 { w.raw(UInt8(ascii: ",")) }
            warning.feature(registry: registry).write(into: &w, in: crs)
        }
        w.raw("],\"numberMatched\":\(warnings.count)}")
        return w.bytes
    }
}
