import GridGeo
import GridModel
import GridService

extension GridStore {
    public func replaceCategories(_ categories: [GridModel.Category], source: String) throws {
        try write { db in
            try db.execute("DELETE FROM category")
            let insert = try db.prepare("""
                INSERT INTO category(code, name_zh, name_en, default_level, dispatch_days, first_reply_days,
                                     resolve_working_days, sensitive, resolve_by_kind, difficulty_tiers)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for c in categories {
                let byKind = JSONValue.object(JSONObject(Petition.Kind.allCases.compactMap { k in
                    c.deadlines.resolveWorkingDaysByKind[k].map { (key: k.rawValue, value: JSONValue.number(Double($0))) }
                }))
                let tiers = JSONValue.array(c.deadlines.difficultyTiers.map { .number(Double($0)) })
                try insert.run([c.code, c.nameZh, c.nameEn, c.defaultLevel.rawValue, c.deadlines.dispatchDays,
                                c.deadlines.firstReplyDays, c.deadlines.resolveWorkingDays, c.sensitive,
                                byKind.jsonText, tiers.jsonText])
            }
            try logImport(db, layer: "categories", source: source, records: categories.count, warnings: 0)
        }
    }

    public func replaceUnits(_ units: [ResponsibleUnit], source: String) throws {
        try write { db in
            try db.execute("DELETE FROM unit_jurisdiction; DELETE FROM unit_category; DELETE FROM unit")
            let insert = try db.prepare("INSERT INTO unit(id, name, level, parent) VALUES (?, ?, ?, ?)")
            let area = try db.prepare("INSERT OR IGNORE INTO unit_jurisdiction(unit_id, area_id) VALUES (?, ?)")
            let category = try db.prepare("INSERT OR IGNORE INTO unit_category(unit_id, category_code) VALUES (?, ?)")
            for u in units {
                try insert.run([u.id, u.name, u.level.rawValue, u.parent])
                for a in u.jurisdiction { try area.run([u.id, a]) }
                for c in u.categories { try category.run([u.id, c]) }
            }
            try Self.refreshUnitCoverage(db)
            try logImport(db, layer: "units", source: source, records: units.count, warnings: 0)
        }
    }

    /// Every unit with its jurisdiction and categories, ordered by id.
    public func units() throws -> [ResponsibleUnit] {
        try read { db in
            let jurisdiction = try Self.grouped(db, "SELECT unit_id, area_id FROM unit_jurisdiction ORDER BY unit_id, area_id")
            let categories = try Self.grouped(db, "SELECT unit_id, category_code FROM unit_category ORDER BY unit_id, category_code")
            return try db.query("SELECT id, name, level, parent FROM unit ORDER BY id") { s in
                let id = s.string(0) ?? ""
                return ResponsibleUnit(id: id, name: s.string(1) ?? "", level: AreaLevel(rawValue: s.string(2) ?? "") ?? .district,
                                       parent: s.string(3), jurisdiction: jurisdiction[id] ?? [], categories: categories[id] ?? [])
            }
        }
    }

    /// Area ids that unit jurisdictions name (what a new area layer must keep).
    public func areaIDsInJurisdictions() throws -> [String: [String]] {
        try grouped("SELECT area_id, unit_id FROM unit_jurisdiction ORDER BY area_id, unit_id")
    }

    /// Category codes that units handle (what a new category layer must keep).
    public func categoryCodesInUse() throws -> [String: [String]] {
        try grouped("SELECT category_code, unit_id FROM unit_category ORDER BY category_code, unit_id")
    }

    /// Recomputes every unit's covered ground (the union of its jurisdiction) after units or
    /// areas change. Where GEOS cannot union messy boundaries, the areas are kept as collected.
    static func refreshUnitCoverage(_ db: Database) throws {
        try db.execute("""
            UPDATE unit SET coverage = (
                SELECT COALESCE(CastToMultiPolygon(ST_Union(a.geom)), CastToMultiPolygon(ST_Collect(a.geom)))
                FROM unit_jurisdiction j JOIN area a ON a.id = j.area_id WHERE j.unit_id = unit.id)
            """)
    }

    /// Every category, by code.
    public func categories() throws -> [GridModel.Category] {
        try read { db in
            try db.query("""
                SELECT code, name_zh, name_en, default_level, dispatch_days, first_reply_days, resolve_working_days, sensitive,
                       resolve_by_kind, difficulty_tiers
                FROM category ORDER BY code
                """) { s in
                var byKind: [Petition.Kind: Int] = [:]
                for (key, value) in Self.json(s.string(8))?.objectValue ?? JSONObject() {
                    if let k = Petition.Kind(rawValue: key), let n = value.intValue { byKind[k] = n }
                }
                let tiers = (Self.json(s.string(9))?.arrayValue ?? []).compactMap(\.intValue)
                return GridModel.Category(code: s.string(0) ?? "", nameZh: s.string(1) ?? "", nameEn: s.string(2) ?? "",
                                   defaultLevel: AreaLevel(rawValue: s.string(3) ?? "") ?? .district,
                                   deadlines: .init(dispatchDays: s.int(4) ?? 0, firstReplyDays: s.int(5) ?? 5,
                                                    resolveWorkingDays: s.int(6) ?? 20, resolveWorkingDaysByKind: byKind,
                                                    difficultyTiers: tiers),
                                   sensitive: (s.int(7) ?? 0) != 0)
            }
        }
    }

    public func categoryCodes() throws -> Set<String> {
        try read { db in Set(try db.query("SELECT code FROM category") { $0.string(0) ?? "" }) }
    }
}

extension GridStore {
    /// A two-column query as first column → second-column values, in query order.
    func grouped(_ sql: String) throws -> [String: [String]] {
        try read { db in try Self.grouped(db, sql) }
    }

    static func grouped(_ db: Database, _ sql: String) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for (key, value) in try db.query(sql, [], { ($0.string(0) ?? "", $0.string(1) ?? "") }) {
            out[key, default: []].append(value)
        }
        return out
    }
}
