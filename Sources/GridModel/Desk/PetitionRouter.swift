/// Chooses the responsible units for a placed petition (权责匹配). Pure: the registry's units
/// and the desk's rules in, a decision with its reasons out.
public struct PetitionRouter: Sendable {
    public let units: [ResponsibleUnit]
    public let policy: DeskPolicy
    /// Area names by id, so the reasons name places as people know them.
    public let areaNames: [String: String]
    /// The units (positions in `units`, ascending) whose jurisdiction names each area: a
    /// lookup per level of the place instead of a walk through every unit's list.
    let unitsOfArea: [String: [Int]]

    public init(units: [ResponsibleUnit], policy: DeskPolicy, areaNames: [String: String] = [:]) {
        self.units = units.sorted { $0.id < $1.id }
        self.policy = policy
        self.areaNames = areaNames
        var index: [String: [Int]] = [:]
        for (k, u) in self.units.enumerated() {
            for a in Set(u.jurisdiction) { index[a, default: []].append(k) }
        }
        unitsOfArea = index
    }

    /// The decision for a petition of `category` and `kind`/`urgency` placed in `placement`.
    ///
    /// The level is the rule's (else the category's default), raised by the highest matching
    /// raise. The lead is the unit at that level that handles the category and whose
    /// jurisdiction contains the place — the most local jurisdiction first, then the lowest id.
    /// Where no unit at that level qualifies, the next level up is tried, and the reason says so.
    public func route(category: Category, kind: Petition.Kind, urgency: Petition.Urgency,
                      placement: AreaPlacement) -> RoutingDecision {
        let rule = policy.rule(for: category.code)
        var level = rule?.level ?? category.defaultLevel
        var why = rule.map { r in
            "规则 \(r.id)：\(category.nameZh)（\(category.code)）类诉求由\(level.chineseName)级办理" + (r.note.map { "（\($0)）" } ?? "")
        } ?? "无专门规则：\(category.nameZh)（\(category.code)）类诉求按类别默认由\(level.chineseName)级办理"
        if let rule {
            let raises = rule.raises.filter { $0.matches(kind: kind, urgency: urgency) && $0.level < level }
            if let top = raises.min(by: { $0.level < $1.level }) {
                why += "；因\(top.condition)，上提至\(top.level.chineseName)级"
                level = top.level
            }
        }
        var lead: (unit: ResponsibleUnit, match: AreaLevel)?
        var foundAt: AreaLevel?
        for candidateLevel in AreaLevel.allCases.filter({ $0 <= level }).reversed() {
            if let best = bestUnit(at: candidateLevel, handling: category.code, in: placement) {
                lead = best
                foundAt = candidateLevel
                if candidateLevel != level {
                    why += "；此处没有承办该类别的\(level.chineseName)级单位，上移至\(candidateLevel.chineseName)级"
                }
                break
            }
        }
        guard let lead else {
            why += "；此处没有任何承办该类别的单位，需调度员人工派单"
            return RoutingDecision(lead: nil, assisting: [], ruleID: rule?.id ?? "default", level: level, foundAt: nil, reason: why)
        }
        why += "；\(lead.unit.name)（\(lead.unit.id)）承办该类别，管辖范围含\(placement[lead.match].map { areaNames[$0] ?? $0 } ?? "")，为主办"
        var assisting: [ResponsibleUnit] = []
        for assistLevel in rule?.assist ?? [] where assistLevel != foundAt {
            // Territorial assistance (属地协办): the local unit of that level, preferably one
            // that handles the category, else whichever unit answers for the ground.
            let helper = bestUnit(at: assistLevel, handling: category.code, in: placement)
                ?? bestUnit(at: assistLevel, handling: nil, in: placement)
            if let helper, helper.unit.id != lead.unit.id, !assisting.contains(where: { $0.id == helper.unit.id }) {
                assisting.append(helper.unit)
            }
        }
        if !assisting.isEmpty {
            why += "；\(assisting.map(\.name).joined(separator: "、"))属地协办"
        }
        return RoutingDecision(lead: lead.unit, assisting: assisting, ruleID: rule?.id ?? "default", level: level,
                               foundAt: foundAt, reason: why)
    }

    /// The unit at `level` (handling `category`, when given) whose jurisdiction contains the
    /// place, with the level of the area that matched; the most local match wins, then the id.
    func bestUnit(at level: AreaLevel, handling category: String?, in placement: AreaPlacement)
        -> (unit: ResponsibleUnit, match: AreaLevel)? {
        // The most local level of the place first; there, the lowest id.
        for l in AreaLevel.allCases.reversed() {
            guard let area = placement[l], let candidates = unitsOfArea[area] else { continue }
            for k in candidates where units[k].level == level && (category == nil || units[k].categories.contains(category!)) {
                return (units[k], l)
            }
        }
        return nil
    }
}
