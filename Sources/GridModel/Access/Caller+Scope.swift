/// Which records a caller's scope covers: a unit token its unit's petitions (lead or 协办), a
/// grid worker's token the places inside its area (a grid cell or any larger area), the other
/// roles everything their role allows.
extension Caller {
    /// Whether a place (the area ids of its levels) lies inside the caller's area, if the caller
    /// has one.
    public func covers(_ placement: AreaPlacement) -> Bool {
        guard let area else { return true }
        return placement.ids.values.contains(area)
    }

    /// The petitions the caller's scope covers (whether the role reads petitions at all is
    /// `may(.readPetitions)`).
    public func petitionScope(sensitive: Set<String>) -> PetitionScope {
        PetitionScope(unit: unit, area: area, hiddenCategories: hiddenCategories(sensitive: sensitive))
    }

    /// Whether the caller may read this petition: the role reads petitions, the scope covers it,
    /// and its category is not sensitive unless the role may see those.
    public func sees(_ p: Petition, sensitive: Set<String>) -> Bool {
        may(.readPetitions) && petitionScope(sensitive: sensitive).contains(p)
    }

    /// Whether personal data in a record the caller may read is shown whole.
    public var seesPersonalData: Bool { role?.seesPersonalData ?? false }

    /// Whether residents' personal data in a building the caller may read is shown whole.
    public var seesResidentsWhole: Bool { role?.seesResidentsWhole ?? false }

    /// The categories whose petitions the caller may not see, counted or listed.
    public func hiddenCategories(sensitive: Set<String>) -> Set<String> {
        may(.seeSensitiveCategories) ? [] : sensitive
    }
}
