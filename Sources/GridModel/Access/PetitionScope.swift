/// The petitions a caller may read: those routed to a unit (lead or 协办), of any category, or
/// placed inside an area, never those of hidden categories. The store turns it into SQL, the desk tests records
/// against it; both from this one definition.
public struct PetitionScope: Sendable, Equatable {
    /// Only petitions this unit leads or assists.
    public var unit: String?
    /// Only petitions placed inside this area (of any level).
    public var area: String?
    /// Categories not shown at all (sensitive ones, for roles that may not see them).
    public var hiddenCategories: Set<String>

    public init(unit: String? = nil, area: String? = nil, hiddenCategories: Set<String> = []) {
        self.unit = unit
        self.area = area
        self.hiddenCategories = hiddenCategories
    }

    public func contains(_ p: Petition) -> Bool {
        if let unit {
            // A unit reads the cases routed to it (lead or 协办) of any category: the discipline
            // office must be able to work the reports about officials sent to it.
            if p.unit != unit, !p.assistingUnits.contains(unit) { return false }
        } else if hiddenCategories.contains(p.category) {
            return false
        }
        if let area, !p.placement.ids.values.contains(area) { return false }
        return true
    }
}
