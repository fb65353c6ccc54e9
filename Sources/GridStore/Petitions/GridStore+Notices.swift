import GridGeo
import GridModel
import GridService

/// Notices, kept in order: what the notification stream and webhooks read.
extension GridStore {
    static func insertNotice(_ db: Database, _ n: DeskNotice) throws {
        let placement = JSONValue.object(JSONObject(AreaLevel.allCases.compactMap { l in n.placement[l].map { (key: l.rawValue, value: JSONValue.string($0)) } }))
        try db.execute("""
            INSERT INTO notice(at, type, petition_id, unit_id, assisting_units, placement, category, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [n.at.description, n.type.rawValue, n.petition, n.unit ?? DatabaseValue.null,
                  JSONValue.array(n.assistingUnits.map(JSONValue.string)).jsonText, placement.jsonText, n.category, n.summary])
    }

    /// Notices after `id`, oldest first, at most `limit`.
    public func notices(after id: Int64, limit: Int = 1000) throws -> [DeskNotice] {
        try read { db in try Self.notices(db, after: id, limit: limit) }
    }

    static func notices(_ db: Database, after id: Int64, limit: Int) throws -> [DeskNotice] {
        try db.query("""
            SELECT id, at, type, petition_id, unit_id, assisting_units, placement, category, summary FROM notice
            WHERE id > ? ORDER BY id LIMIT ?
            """, [id, limit]) { s in
            var placement = AreaPlacement()
            for (k, v) in Self.json(s.string(6))?.objectValue ?? JSONObject() {
                if let level = AreaLevel(rawValue: k), let id = v.stringValue { placement[level] = id }
            }
            return DeskNotice(id: Int64(s.int(0) ?? 0), at: Self.timestamp(s.string(1)) ?? Timestamp(seconds: 0),
                              type: DeskNotice.Kind(rawValue: s.string(2) ?? "") ?? .dispatched, petition: s.string(3) ?? "",
                              unit: s.string(4), assistingUnits: (Self.json(s.string(5))?.arrayValue ?? []).compactMap(\.stringValue),
                              placement: placement, category: s.string(7) ?? "", summary: s.string(8) ?? "")
        }
    }

    /// The newest notice's id (0 when none): what a stream starting now begins after.
    public func lastNoticeID() throws -> Int64 {
        try read { db in
            guard case .integer(let v)? = try db.scalar("SELECT coalesce(max(id), 0) FROM notice") else { return 0 }
            return v
        }
    }
}
