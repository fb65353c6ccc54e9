/// Statistics over petitions by group (an area of one level, or a unit), and the red and
/// black lists of units. Pure arithmetic over petitions already read.
public struct PetitionStatistics: Sendable {
    public var total = PetitionFigures()
    /// Per group key (area or unit id).
    public var groups: [String: PetitionFigures] = [:]

    /// Counts the petitions received in `from..<to` (either end open when nil).
    /// - Parameters:
    ///   - petitions: the window's petitions and, for repeats, those closed up to `repeatDays` before it.
    ///   - group: the key a petition counts under (nil: only in the total).
    ///   - returnsByUnit: credit returns (退回) to the units that made them (grouping by unit),
    ///     else to the group the petition counts under.
    public init(petitions: [Petition], from: Timestamp?, to: Timestamp?, asOf: Timestamp, repeatDays: Int,
                returnsByUnit: Bool = false, group: (Petition) -> String?) {
        let repeats = Self.repeatIDs(petitions, repeatDays: repeatDays)
        let petitioners = Self.repeatPetitionerIDs(petitions, repeatDays: repeatDays)
        for p in petitions {
            if let from, p.receivedAt < from { continue }
            if let to, p.receivedAt >= to { continue }
            let isRepeat = repeats.contains(p.id)
            let again = petitioners.contains(p.id)
            total.add(p, asOf: asOf, isRepeat: isRepeat, isRepeatPetitioner: again)
            total.returns += p.caseState.returnedBy.count
            let key = group(p)
            if let key { groups[key, default: PetitionFigures()].add(p, asOf: asOf, isRepeat: isRepeat, isRepeatPetitioner: again) }
            if returnsByUnit {
                for unit in p.caseState.returnedBy { groups[unit, default: PetitionFigures()].returns += 1 }
            } else if let key {
                groups[key]!.returns += p.caseState.returnedBy.count
            }
        }
    }

    /// Petitions that came back: the same category from the same building (from the same grid
    /// cell where no building is known) within `repeatDays` after an earlier one there was closed.
    static func repeatIDs(_ petitions: [Petition], repeatDays: Int) -> Set<String> {
        func place(_ p: Petition) -> String? { p.building.map { "b:\($0)" } ?? p.placement[.grid].map { "g:\($0)" } }
        var closings: [String: [Int64]] = [:]
        for p in petitions {
            if let at = p.closedAt, let where_ = place(p) { closings[p.category + "|" + where_, default: []].append(at.seconds) }
        }
        for k in closings.keys { closings[k]!.sort() }
        let window = Int64(repeatDays) * 86_400
        var out: Set<String> = []
        for p in petitions {
            guard let where_ = place(p), let times = closings[p.category + "|" + where_] else { continue }
            // First closing at or after the window's start; a repeat when it is before receipt.
            // (A case closes after it came in, so such a closing is always another, earlier case.)
            let start = p.receivedAt.seconds - window
            var lo = 0, hi = times.count
            while lo < hi { let mid = (lo + hi) / 2; if times[mid] < start { lo = mid + 1 } else { hi = mid } }
            if lo < times.count, times[lo] < p.receivedAt.seconds { out.insert(p.id) }
        }
        return out
    }

    /// Petitions whose caller (by the keyed hash of the phone) petitioned the same category at
    /// most `repeatDays` before (重信重访).
    static func repeatPetitionerIDs(_ petitions: [Petition], repeatDays: Int) -> Set<String> {
        var byCaller: [String: [(Int64, String)]] = [:]
        for p in petitions {
            if let key = p.contactKey { byCaller[key + "|" + p.category, default: []].append((p.receivedAt.seconds, p.id)) }
        }
        let window = Int64(repeatDays) * 86_400
        var out: Set<String> = []
        for (_, list) in byCaller where list.count > 1 {
            let sorted = list.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            for k in 1..<sorted.count where sorted[k].0 - sorted[k - 1].0 <= window { out.insert(sorted[k].1) }
        }
        return out
    }

    /// Units ranked by the mean of their closure, satisfaction and on-time rates (those they
    /// have), best first; units with fewer than `minimum` petitions are not ranked.
    public func ranking(minimum: Int) -> [(key: String, score: Double)] {
        groups.compactMap { key, f -> (String, Double)? in
            guard f.petitions >= minimum else { return nil }
            let rates = [f.closureRate, f.satisfactionRate, f.onTimeRate].compactMap { $0 }
            guard !rates.isEmpty else { return nil }
            return (key, rates.reduce(0, +) / Double(rates.count))
        }
        .sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
    }
}
