import GridGeo

/// A data problem of the kind grid offices really have, found by `wangge check`.
public struct QualityProblem: Sendable, Equatable {
    /// Stable codes, for scripts that filter the report.
    public enum Kind: String, Sendable, CaseIterable {
        case invalidGeometry = "invalid_geometry"
        case gridOverlap = "grid_overlap"
        case coverageHole = "coverage_hole"
        case buildingOutsideGrid = "building_outside_grid"
        case buildingStraddlesGrids = "building_straddles_grids"
        case householdWithoutPersons = "household_without_persons"
        case unitWithoutJurisdiction = "unit_without_jurisdiction"
        /// No areas at all: nothing can be placed (a set-up that never finished, a wrong file).
        case noAreas = "no_areas"
    }

    public var kind: Kind
    /// The ids involved (two grid cells, a community, a building …).
    public var subjects: [String]
    public var message: String
    /// A point to look at on the map, where there is one.
    public var location: Coordinate?
    /// The size of an overlap or hole, where there is one.
    public var areaM2: Double?

    public init(kind: Kind, subjects: [String], message: String, location: Coordinate? = nil, areaM2: Double? = nil) {
        self.kind = kind
        self.subjects = subjects
        self.message = message
        self.location = location
        self.areaM2 = areaM2
    }
}
