import GridGeo
import GridModel

/// The grid and what routes on it: areas, buildings, households and persons, units and
/// categories, the working-day calendar and the desk's policy. Every `replace…` is one
/// all-or-nothing write.
public protocol RegistryStore: AnyObject, Sendable {
    func replaceAreas(_ areas: [Area], buildingPlacements: [String: AreaPlacement], source: String) throws
    func areas() throws -> [Area]
    func areaIDs() throws -> Set<String>
    /// Every area's id, name, level and parent, without geometry.
    func areaDirectory() throws -> AreaDirectory
    /// Bumped whenever the areas change (placement indexes are keyed to it).
    func boundaryVersion() throws -> Int64
    /// The last import of a layer the locator reads (areas, buildings, units): the version its
    /// image on disk is keyed to (`LocatorImageFile`).
    func locatorVersion() throws -> Int64

    func replaceBuildings(_ buildings: [(Building, AreaPlacement)], source: String, warnings: Int) throws
    func buildings() throws -> [(Building, AreaPlacement)]
    func buildingIDs() throws -> Set<String>
    func buildingPosition(id: String) throws -> Coordinate?
    func buildingPlacement(id: String) throws -> (address: String, placement: AreaPlacement)?
    func buildingPlace(id: String) throws -> (centre: Coordinate, footprint: MultiPolygon?, placement: AreaPlacement)?

    func replaceHouseholds(_ households: [Household], source: String) throws
    func replacePersons(_ persons: [Person], source: String, warnings: Int) throws
    func householdIDs() throws -> Set<String>
    func buildingIDsWithHouseholds() throws -> [String: [String]]
    func householdIDsWithPersons() throws -> [String: [String]]
    func householdDoors() throws -> [(id: String, building: String, unit: String?, room: String?)]
    func residents(ofBuilding id: String) throws -> [(household: Household, persons: [Person])]
    /// Registered residents per area id, every level.
    func residentsPerArea() throws -> [String: Int]

    func replaceCategories(_ categories: [GridModel.Category], source: String) throws
    func categories() throws -> [GridModel.Category]
    func categoryCodes() throws -> Set<String>
    func replaceUnits(_ units: [ResponsibleUnit], source: String) throws
    func units() throws -> [ResponsibleUnit]
    func areaIDsInJurisdictions() throws -> [String: [String]]
    func categoryCodesInUse() throws -> [String: [String]]

    func storeCalendar(_ days: [CalendarDay], years: Set<Int>, source: String) throws
    func calendarDays() throws -> [CalendarDay]
    func storeDeskPolicy(_ document: JSONValue, rules: Int, source: String) throws
    func deskPolicyDocument() throws -> JSONValue?

    /// Gaps and overlaps between sibling areas larger than the tolerance, and other problems.
    func qualityProblems(toleranceM2: Double) throws -> [QualityProblem]
}
