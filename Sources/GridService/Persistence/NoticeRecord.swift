import GridGeo
import GridModel

/// The stored form of a notice, shared by every store.
public enum NoticeRecord {
    /// The columns written, in the order of `values(of:)`; a row read back has `id` before them.
    public static let columns = "at, type, petition_id, unit_id, assisting_units, placement, category, summary"

    public static func values(of n: DeskNotice) -> [StoredValue] {
        let placement = JSONValue.object(JSONObject(AreaLevel.allCases.compactMap { l in n.placement[l].map { (key: l.rawValue, value: JSONValue.string($0)) } }))
        return [.init(n.at.description), .init(n.type.rawValue), .init(n.petition), .init(n.unit),
                .init(JSONValue.array(n.assistingUnits.map(JSONValue.string)).jsonText), .init(placement.jsonText), .init(n.category), .init(n.summary)]
    }

    /// A notice from a row of `id, ` + `columns`.
    public static func notice(from s: some StoredRow) -> DeskNotice {
        var placement = AreaPlacement()
        for (k, v) in PetitionRecord.json(s.string(6))?.objectValue ?? JSONObject() {
            if let level = AreaLevel(rawValue: k), let id = v.stringValue { placement[level] = id }
        }
        return DeskNotice(id: Int64(s.int(0) ?? 0), at: PetitionRecord.timestamp(s.string(1)) ?? Timestamp(seconds: 0),
                          type: DeskNotice.Kind(rawValue: s.string(2) ?? "") ?? .dispatched, petition: s.string(3) ?? "",
                          unit: s.string(4), assistingUnits: (PetitionRecord.json(s.string(5))?.arrayValue ?? []).compactMap(\.stringValue),
                          placement: placement, category: s.string(7) ?? "", summary: s.string(8) ?? "")
    }
}
