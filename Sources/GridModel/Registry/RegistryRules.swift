/// The registry's invariants, checked in one place for every import: ids unique, references
/// resolve, and a parent is at least one level above its child.
public enum RegistryRules {
    /// Records whose id repeats an earlier record's.
    public static func duplicateIDs(_ ids: [String], field: String = "id") -> [RecordProblem] {
        var seen = SeenIDs(field: field)
        return ids.enumerated().compactMap { k, id in seen.see(id, record: k) }
    }

    /// The ids met so far in a stream of records (a file read record by record), each with the
    /// first record that used it.
    public struct SeenIDs: Sendable {
        public let field: String
        var firstSeen: [String: Int] = [:]

        public init(field: String = "id") { self.field = field }

        /// Notes record `k`'s id; the problem when an earlier record used it.
        public mutating func see(_ id: String, record k: Int) -> RecordProblem? {
            if let first = firstSeen[id] {
                return RecordProblem(record: k, field: field, reason: "duplicate \(field) '\(id)' (first used by record \(first + 1))")
            }
            firstSeen[id] = k
            return nil
        }
    }

    public static func areas(_ areas: [Area]) -> [RecordProblem] {
        var out = duplicateIDs(areas.map(\.id))
        let byID = Dictionary(areas.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (k, a) in areas.enumerated() {
            guard let parentID = a.parent else { continue }
            guard let parent = byID[parentID] else {
                out.append(RecordProblem(record: k, field: "parent", reason: "parent area '\(parentID)' is not in the file"))
                continue
            }
            if parent.level.rank >= a.level.rank {
                out.append(RecordProblem(record: k, field: "parent",
                    reason: "parent '\(parentID)' is a \(parent.level.rawValue); a \(a.level.rawValue)'s parent must be at least one level up"))
            }
        }
        return out.sorted { $0.record < $1.record }
    }

    public static func households(_ households: [Household], buildingIDs: Set<String>) -> [RecordProblem] {
        var out = duplicateIDs(households.map(\.id))
        for (k, h) in households.enumerated() where !buildingIDs.contains(h.building) {
            out.append(RecordProblem(record: k, field: "building", reason: "building '\(h.building)' does not exist"))
        }
        return out.sorted { $0.record < $1.record }
    }

    public static func persons(_ persons: [Person], householdIDs: Set<String>) -> [RecordProblem] {
        var out = duplicateIDs(persons.map(\.id))
        for (k, p) in persons.enumerated() where !householdIDs.contains(p.household) {
            out.append(RecordProblem(record: k, field: "household", reason: "household '\(p.household)' does not exist"))
        }
        return out.sorted { $0.record < $1.record }
    }

    public static func units(_ units: [ResponsibleUnit], areaIDs: Set<String>, categoryCodes: Set<String>) -> [RecordProblem] {
        var out = duplicateIDs(units.map(\.id))
        let unitIDs = Set(units.map(\.id))
        for (k, u) in units.enumerated() {
            for a in u.jurisdiction where !areaIDs.contains(a) {
                out.append(RecordProblem(record: k, field: "jurisdiction", reason: "area '\(a)' does not exist"))
            }
            for c in u.categories where !categoryCodes.contains(c) {
                out.append(RecordProblem(record: k, field: "categories", reason: "category '\(c)' does not exist (import categories first)"))
            }
            if let p = u.parent, !unitIDs.contains(p) {
                out.append(RecordProblem(record: k, field: "parent", reason: "parent unit '\(p)' is not in the file"))
            }
        }
        return out.sorted { $0.record < $1.record }
    }
}
