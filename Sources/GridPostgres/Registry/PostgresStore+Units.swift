import GridGeo
import GridModel
import GridService

extension PostgresStore {
    public func replaceCategories(_ categories: [GridModel.Category], source: String) throws {
        try write { s in
            try s.execute("SET CONSTRAINTS ALL DEFERRED")
            try s.execute("DELETE FROM category")
            for c in categories {
                let byKind = JSONValue.object(JSONObject(Petition.Kind.allCases.compactMap { k in
                    c.deadlines.resolveWorkingDaysByKind[k].map { (key: k.rawValue, value: JSONValue.number(Double($0))) }
                }))
                let tiers = JSONValue.array(c.deadlines.difficultyTiers.map { .number(Double($0)) })
                try s.execute("""
                    INSERT INTO category(code, name_zh, name_en, default_level, dispatch_days, first_reply_days,
                                         resolve_working_days, sensitive, resolve_by_kind, difficulty_tiers)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                    """, [c.code, c.nameZh, c.nameEn, c.defaultLevel.rawValue, c.deadlines.dispatchDays, c.deadlines.firstReplyDays,
                          c.deadlines.resolveWorkingDays, c.sensitive, byKind.jsonText, tiers.jsonText])
            }
            try logImport(s, layer: "categories", source: source, records: categories.count, warnings: 0)
        }
    }

    public func replaceUnits(_ units: [ResponsibleUnit], source: String) throws {
        try write { s in
            try s.execute("SET CONSTRAINTS ALL DEFERRED")
            try s.execute("DELETE FROM unit_jurisdiction")
            try s.execute("DELETE FROM unit_category")
            try s.execute("DELETE FROM unit")
            for u in units {
                try s.execute("INSERT INTO unit(id, name, level, parent) VALUES ($1, $2, $3, $4)", [u.id, u.name, u.level.rawValue, u.parent])
                for a in u.jurisdiction {
                    try s.execute("INSERT INTO unit_jurisdiction(unit_id, area_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", [u.id, a])
                }
                for c in u.categories {
                    try s.execute("INSERT INTO unit_category(unit_id, category_code) VALUES ($1, $2) ON CONFLICT DO NOTHING", [u.id, c])
                }
            }
            try Self.refreshUnitCoverage(s)
            try logImport(s, layer: "units", source: source, records: units.count, warnings: 0)
        }
    }

    /// Every unit with its jurisdiction and categories, ordered by id.
    public func units() throws -> [ResponsibleUnit] {
        try read { s in
            let jurisdiction = try Self.grouped(s, "SELECT unit_id, area_id FROM unit_jurisdiction ORDER BY unit_id, area_id")
            let categories = try Self.grouped(s, "SELECT unit_id, category_code FROM unit_category ORDER BY unit_id, category_code")
            return try s.query("SELECT id, name, level, parent FROM unit ORDER BY id") { r in
                let id = r.string(0) ?? ""
                return ResponsibleUnit(id: id, name: r.string(1) ?? "", level: AreaLevel(rawValue: r.string(2) ?? "") ?? .district,
                                       parent: r.string(3), jurisdiction: jurisdiction[id] ?? [], categories: categories[id] ?? [])
            }
        }
    }

    public func areaIDsInJurisdictions() throws -> [String: [String]] {
        try grouped("SELECT area_id, unit_id FROM unit_jurisdiction ORDER BY area_id, unit_id")
    }

    public func categoryCodesInUse() throws -> [String: [String]] {
        try grouped("SELECT category_code, unit_id FROM unit_category ORDER BY category_code, unit_id")
    }

    /// Every category, by code.
    public func categories() throws -> [GridModel.Category] {
        try read { s in
            try s.query("""
                SELECT code, name_zh, name_en, default_level, dispatch_days, first_reply_days, resolve_working_days, sensitive,
                       resolve_by_kind::text, difficulty_tiers::text
                FROM category ORDER BY code
                """) { r in
                var byKind: [Petition.Kind: Int] = [:]
                for (key, value) in Self.json(r.string(8))?.objectValue ?? JSONObject() {
                    if let k = Petition.Kind(rawValue: key), let n = value.intValue { byKind[k] = n }
                }
                let tiers = (Self.json(r.string(9))?.arrayValue ?? []).compactMap(\.intValue)
                return GridModel.Category(code: r.string(0) ?? "", nameZh: r.string(1) ?? "", nameEn: r.string(2) ?? "",
                                          defaultLevel: AreaLevel(rawValue: r.string(3) ?? "") ?? .district,
                                          deadlines: .init(dispatchDays: r.int(4) ?? 0, firstReplyDays: r.int(5) ?? 5,
                                                           resolveWorkingDays: r.int(6) ?? 20, resolveWorkingDaysByKind: byKind,
                                                           difficultyTiers: tiers),
                                          sensitive: r.bool(7) ?? false)
            }
        }
    }

    public func categoryCodes() throws -> Set<String> {
        try read { s in Set(try s.query("SELECT code FROM category") { $0.string(0) ?? "" }) }
    }

    // MARK: calendar and rules

    /// Replaces the calendar days of the years the file covers; other years stay.
    public func storeCalendar(_ days: [CalendarDay], years: Set<Int>, source: String) throws {
        try write { s in
            for y in years {
                try s.execute("DELETE FROM calendar_day WHERE day BETWEEN $1 AND $2",
                              [Timestamp.daysFromCivil(year: y, month: 1, day: 1), Timestamp.daysFromCivil(year: y, month: 12, day: 31)])
            }
            for d in days {
                try s.execute("INSERT INTO calendar_day(day, date, working, name) VALUES ($1, $2, $3, $4)",
                              [d.day, Timestamp.date(ofDay: d.day), d.working, d.name])
            }
            try logImport(s, layer: "calendar", source: source, records: days.count, warnings: 0)
        }
    }

    public func calendarDays() throws -> [CalendarDay] {
        try read { s in
            try s.query("SELECT day, working, name FROM calendar_day ORDER BY day") {
                CalendarDay(day: $0.int(0) ?? 0, working: $0.bool(1) ?? false, name: $0.string(2) ?? "")
            }
        }
    }

    public func storeDeskPolicy(_ document: JSONValue, rules: Int, source: String) throws {
        try write { s in
            try s.execute("""
                INSERT INTO desk_policy(id, document) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET document = excluded.document
                """, [document.jsonText])
            try logImport(s, layer: "rules", source: source, records: rules, warnings: 0)
        }
    }

    public func deskPolicyDocument() throws -> JSONValue? {
        try read { s in Self.json(try s.query("SELECT document FROM desk_policy WHERE id = 1").first?.string(0)) }
    }
}
