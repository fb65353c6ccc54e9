import GridGeo

/// Turns import records into registry values; each returns the value (when usable) and every
/// problem found in the record.
public enum RegistryDecoding {
    public static func area(_ f: Feature) -> (Area?, [FieldProblem]) {
        var r = FieldReader(f.properties)
        let id = r.requiredString("id", fallback: f.id)
        let name = r.requiredString("name")
        let level = r.level("level")
        let parent = r.string("parent")
        let population = r.int("population", range: 0...2_000_000_000)
        let worker = r.string("worker")
        let phone = r.phone("phone")
        var boundary: MultiPolygon?
        switch f.geometry {
        case nil: r.problem("geometry", "an area needs a Polygon or MultiPolygon boundary, found null")
        case let g?:
            boundary = g.asMultiPolygon
            if boundary == nil { r.problem("geometry", "an area needs a Polygon or MultiPolygon boundary, found \(g.typeName)") }
        }
        guard r.problems.isEmpty, let level, let boundary else { return (nil, r.problems) }
        return (Area(id: id, name: name, level: level, parent: parent, population: population,
                     worker: worker, phone: phone, boundary: boundary), [])
    }

    public static func building(_ f: Feature) -> (Building?, [FieldProblem]) {
        var r = FieldReader(f.properties)
        let id = r.requiredString("id", fallback: f.id)
        let address = r.requiredString("address")
        let name = r.string("name")
        let number = r.string("number")
        let floors = r.int("floors", range: 0...300)
        var footprint: MultiPolygon?
        var position: Coordinate?
        switch f.geometry {
        case nil: r.problem("geometry", "a building needs a footprint (Polygon/MultiPolygon) or a Point, found null")
        case .point(let c)?: position = c
        case let g?:
            if let m = g.asMultiPolygon {
                footprint = m
                position = m.interiorPoint
            } else {
                r.problem("geometry", "a building needs a footprint (Polygon/MultiPolygon) or a Point, found \(g.typeName)")
            }
        }
        guard r.problems.isEmpty, let position else { return (nil, r.problems) }
        return (Building(id: id, address: address, name: name, number: number, floors: floors,
                         footprint: footprint, position: position), [])
    }

    public static func household(_ row: [String: String]) -> (Household?, [FieldProblem]) {
        var r = FieldReader(row: row)
        let id = r.requiredString("id")
        let building = r.requiredString("building")
        let unit = r.string("unit")
        let floor = r.int("floor", range: -10...300)
        let room = r.string("room")
        let address = r.string("address")
        guard r.problems.isEmpty else { return (nil, r.problems) }
        return (Household(id: id, building: building, unit: unit, floor: floor, room: room, address: address), [])
    }

    public static func person(_ row: [String: String]) -> (Person?, [FieldProblem]) {
        var r = FieldReader(row: row)
        let id = r.requiredString("id")
        let household = r.requiredString("household")
        let name = r.requiredString("name")
        let idNumber = r.string("id_number")?.uppercased()
        let phone = r.phone("phone")
        let tags = r.stringList("tags")
        if let idNumber, idNumber.count != 18 || !idNumber.dropLast().allSatisfy(\.isASCII) || idNumber.dropLast().contains(where: { !$0.isNumber }) {
            r.problem("id_number", "expected 18 characters (17 digits and a check digit or X), found '\(idNumber.count) characters'")
        } else if let idNumber, let expected = IdentityNumber.checkCharacter(for: String(idNumber.prefix(17))), idNumber.last != expected {
            // A wrong check character is a mistyped number: stored, it would never match the person.
            r.problem("id_number", "the check character is '\(idNumber.last!)' but the first 17 digits give '\(expected)': a digit is mistyped")
        }
        guard r.problems.isEmpty else { return (nil, r.problems) }
        return (Person(id: id, household: household, name: name, idNumber: idNumber, phone: phone, tags: tags), [])
    }

    public static func unit(_ o: JSONObject) -> (ResponsibleUnit?, [FieldProblem]) {
        var r = FieldReader(o)
        let id = r.requiredString("id")
        let name = r.requiredString("name")
        let level = r.level("level")
        let parent = r.string("parent")
        let jurisdiction = r.stringList("jurisdiction")
        let categories = r.stringList("categories")
        guard r.problems.isEmpty, let level else { return (nil, r.problems) }
        return (ResponsibleUnit(id: id, name: name, level: level, parent: parent,
                                jurisdiction: jurisdiction, categories: categories), [])
    }

    public static func category(_ o: JSONObject) -> (Category?, [FieldProblem]) {
        var r = FieldReader(o)
        let code = r.requiredString("code")
        let nameZh = r.requiredString("name_zh")
        let nameEn = r.requiredString("name_en")
        let level = r.level("default_level")
        let sensitive = r.bool("sensitive") ?? false
        var deadlines = Category.Deadlines()
        switch o["deadlines"] {
        case nil, .null?: break
        case .object(let d)?:
            var dr = FieldReader(d)
            deadlines.dispatchDays = dr.int("dispatch_days", range: 0...365) ?? deadlines.dispatchDays
            deadlines.firstReplyDays = dr.int("first_reply_days", range: 0...365) ?? deadlines.firstReplyDays
            if case .object(let byKind)? = d["resolve_working_days"] {
                // Per kind: {"consult": 0, "suggest": 15, "request": 20, "complain": 30}.
                var kr = FieldReader(byKind)
                for (key, _) in byKind.members {
                    guard let kind = Petition.Kind(rawValue: key) else {
                        dr.problem("resolve_working_days.\(key)", "not a kind; use \(Petition.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                        continue
                    }
                    if let n = kr.int(key, range: 0...365) { deadlines.resolveWorkingDaysByKind[kind] = n }
                }
                for p in kr.problems { dr.problem("resolve_working_days.\(p.field)", p.reason) }
                deadlines.resolveWorkingDays = deadlines.resolveWorkingDaysByKind[.request] ?? deadlines.resolveWorkingDays
            } else {
                deadlines.resolveWorkingDays = dr.int("resolve_working_days", range: 0...365) ?? deadlines.resolveWorkingDays
            }
            switch d["difficulty_tiers"] {
            case nil, .null?: break
            case .array(let tiers)?:
                for (k, t) in tiers.enumerated() {
                    if let n = t.intValue, (0...365).contains(n) { deadlines.difficultyTiers.append(n) } else {
                        dr.problem("difficulty_tiers[\(k)]", "expected working days 0…365, found \(t.jsonText)")
                    }
                }
            case let v?: dr.problem("difficulty_tiers", "expected a list of working days such as [1, 3, 7, 11], found \(v.typeName)")
            }
            for p in dr.problems { r.problem("deadlines.\(p.field)", p.reason) }
        case let v?: r.problem("deadlines", "expected an object, found \(v.typeName)")
        }
        guard r.problems.isEmpty, let level else { return (nil, r.problems) }
        return (Category(code: code, nameZh: nameZh, nameEn: nameEn, defaultLevel: level,
                         deadlines: deadlines, sensitive: sensitive), [])
    }
}
