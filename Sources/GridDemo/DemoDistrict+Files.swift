import GridGeo
import GridModel

extension DemoDistrict {
    /// The demo's files, name → contents, in the formats `wangge import` reads.
    public func files() -> [(name: String, text: String)] {
        [("areas.geojson", areasGeoJSON()), ("buildings.geojsonl", buildingsGeoJSONL()),
         ("households.csv", householdsCSV()), ("persons.csv", personsCSV()),
         ("units.json", unitsJSON()), ("categories.json", categoriesJSON()),
         ("calendar.json", DemoCatalog.calendarJSON), ("rules.json", DemoCatalog.rulesJSON),
         ("petitions.geojsonl", petitionsGeoJSONL())]
    }

    /// A FeatureCollection with one feature a line (readable in diffs and by streaming readers).
    public func areasGeoJSON() -> String {
        var out = "{\"type\":\"FeatureCollection\",\"name\":\"wangge-demo-areas\",\"features\":[\n"
        for (k, a) in areas.enumerated() {
            var props = JSONObject([("id", .string(a.id)), ("name", .string(a.name)), ("level", .string(a.level.rawValue)),
                                    ("parent", a.parent.map(JSONValue.string) ?? .null)])
            if let p = a.population { props["population"] = .number(Double(p)) }
            if let w = a.worker { props["worker"] = .string(w) }
            if let p = a.phone { props["phone"] = .string(p) }
            out += Feature(geometry: .multiPolygon(a.boundary), properties: props).jsonText(decimals: 7)
            out += k == areas.count - 1 ? "\n" : ",\n"
        }
        return out + "]}\n"
    }

    public func buildingsGeoJSONL() -> String {
        var out = ""
        for b in buildings {
            let props = JSONObject([("id", .string(b.id)), ("address", .string(b.address)), ("name", b.name.map(JSONValue.string) ?? .null),
                                    ("number", b.number.map(JSONValue.string) ?? .null),
                                    ("floors", b.floors.map { .number(Double($0)) } ?? .null)])
            let geometry: Geometry = b.footprint.map { .polygon($0.polygons[0]) } ?? .point(b.position)
            out += Feature(geometry: geometry, properties: props).jsonText(decimals: 7) + "\n"
        }
        return out
    }

    static func csvCell(_ s: String?) -> String {
        guard let s else { return "" }
        if s.contains(",") || s.contains("\"") || s.contains("\n") {
            return "\"" + s.replacing("\"", with: "\"\"") + "\""
        }
        return s
    }

    public func householdsCSV() -> String {
        var out = "id,building,unit,floor,room,address\n"
        for h in households {
            out += [h.id, h.building, h.unit, h.floor.map(String.init), h.room, h.address].map(Self.csvCell).joined(separator: ",") + "\n"
        }
        return out
    }

    public func personsCSV() -> String {
        var out = "id,household,name,id_number,phone,tags\n"
        for p in persons {
            out += [p.id, p.household, p.name, p.idNumber, p.phone, p.tags.joined(separator: ";")].map(Self.csvCell).joined(separator: ",") + "\n"
        }
        return out
    }

    public func unitsJSON() -> String {
        let items: [JSONValue] = units.map { u in
            .object(JSONObject([("id", .string(u.id)), ("name", .string(u.name)), ("level", .string(u.level.rawValue)),
                                ("parent", u.parent.map(JSONValue.string) ?? .null),
                                ("jurisdiction", .array(u.jurisdiction.map(JSONValue.string))),
                                ("categories", .array(u.categories.map(JSONValue.string)))]))
        }
        return "{\"units\":[\n" + items.map(\.jsonText).joined(separator: ",\n") + "\n]}\n"
    }

    public func categoriesJSON() -> String {
        let items: [JSONValue] = categories.map { c in
            .object(JSONObject([("code", .string(c.code)), ("name_zh", .string(c.nameZh)), ("name_en", .string(c.nameEn)),
                                ("default_level", .string(c.defaultLevel.rawValue)),
                                ("deadlines", .object(JSONObject([("dispatch_days", .number(Double(c.deadlines.dispatchDays))),
                                                                  ("first_reply_days", .number(Double(c.deadlines.firstReplyDays))),
                                                                  ("resolve_working_days", .object(JSONObject(Petition.Kind.allCases.compactMap { k in
                                                                      c.deadlines.resolveWorkingDaysByKind[k].map { (key: k.rawValue, value: JSONValue.number(Double($0))) }
                                                                  })))]))),
                                ("sensitive", .bool(c.sensitive))]))
        }
        return "{\"categories\":[\n" + items.map(\.jsonText).joined(separator: ",\n") + "\n]}\n"
    }

    public func petitionsGeoJSONL() -> String {
        petitions.map { $0.jsonText(decimals: 7) + "\n" }.joined()
    }
}
