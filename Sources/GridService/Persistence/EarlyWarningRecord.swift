import GridGeo
import GridModel

/// The stored form of an early warning — its columns and values — shared by every store.
public enum EarlyWarningRecord {
    public static let columns = """
        id, kind, category, start_day, end_day, observed, expected, p_value, recurrence_days, radius_m, lon, lat, outline,
        grids, units, building, meter, petitions, status, summary
        """
    public static let columnCount = 20
    /// What an extended warning changes (its id, kind, category, building, meter and status stay).
    public static let extendedColumns = ["start_day", "end_day", "observed", "expected", "p_value", "recurrence_days", "radius_m",
                                         "lon", "lat", "outline", "grids", "units", "petitions", "summary"]

    public static func values(of w: EarlyWarning) -> [StoredValue] {
        var g = JSONWriter()
        GeoJSON.write(.multiPolygon(w.outline), into: &g, decimals: 7)
        func list(_ a: [String]) -> StoredValue { .init(JSONValue.array(a.map(JSONValue.string)).jsonText) }
        return [.init(w.id), .init(w.kind.rawValue), .init(w.category), .init(w.startDay), .init(w.endDay), .init(w.observed),
                .init(w.expected), .init(w.pValue), .init(w.recurrenceDays), .init(w.radiusMetres), .init(w.centre.lon), .init(w.centre.lat),
                .init(g.string), list(w.grids), list(w.units), .init(w.building), .init(w.meter), list(w.petitions), .init(w.status.rawValue),
                .init(w.summary)]
    }

    public static func warning(from s: some StoredRow) -> EarlyWarning {
        func list(_ i: Int) -> [String] { PetitionRecord.json(s.string(i))?.arrayValue?.compactMap(\.stringValue) ?? [] }
        var outline = MultiPolygon([])
        if let v = PetitionRecord.json(s.string(12)), case .multiPolygon(let m)? = try? GeoJSON.geometry(v) { outline = m }
        return EarlyWarning(id: s.string(0) ?? "", kind: EarlyWarning.Kind(rawValue: s.string(1) ?? "") ?? .cluster, category: s.string(2),
                            startDay: s.int(3) ?? 0, endDay: s.int(4) ?? 0, observed: s.int(5) ?? 0, expected: s.double(6),
                            pValue: s.double(7), recurrenceDays: s.double(8), radiusMetres: s.double(9),
                            centre: Coordinate(lon: s.double(10) ?? 0, lat: s.double(11) ?? 0), outline: outline, grids: list(13),
                            units: list(14), building: s.string(15), meter: s.string(16), petitions: list(17),
                            status: EarlyWarning.Status(rawValue: s.string(18) ?? "") ?? .new, summary: s.string(19) ?? "")
    }

    /// Where warnings whose days meet `fromDay...toDay` are found, with the arguments (`?` placeholders).
    public static func conditions(fromDay: Int?, toDay: Int?, kind: EarlyWarning.Kind?, category: String?,
                                  status: EarlyWarning.Status?) -> (sql: String, arguments: [StoredValue]) {
        var conditions = ["1 = 1"]
        var arguments: [StoredValue] = []
        if let fromDay { conditions.append("end_day >= ?"); arguments.append(.init(fromDay)) }
        if let toDay { conditions.append("start_day <= ?"); arguments.append(.init(toDay)) }
        if let kind { conditions.append("kind = ?"); arguments.append(.init(kind.rawValue)) }
        if let category { conditions.append("category = ?"); arguments.append(.init(category)) }
        if let status { conditions.append("status = ?"); arguments.append(.init(status.rawValue)) }
        return (conditions.joined(separator: " AND "), arguments)
    }
}
