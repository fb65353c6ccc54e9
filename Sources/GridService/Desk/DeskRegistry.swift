import GridGeo
import GridModel

/// What the desk reads from the registry for every petition — categories, units and their
/// router, the rules, the calendar, area names — built once per store change.
public struct DeskRegistry: Sendable {
    public let categories: [String: Category]
    /// Codes of the categories only dispatchers, admins and inspectors see (reports about officials).
    public let sensitiveCategories: Set<String>
    public let units: [String: ResponsibleUnit]
    public let router: PetitionRouter
    public let policy: DeskPolicy
    public let calendar: WorkingCalendar
    public let areas: AreaDirectory
    public let boundaryVersion: Int64

    public init(store: any WanggeStore) throws {
        let categories = try store.categories()
        self.categories = Dictionary(categories.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        sensitiveCategories = Set(categories.filter(\.sensitive).map(\.code))
        let units = try store.units()
        self.units = Dictionary(units.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var policy = DeskPolicy()
        if let document = try store.deskPolicyDocument()?.objectValue {
            // Checked when imported; a stored file that no longer decodes (a category since
            // removed) keeps what still does rather than stopping the desk.
            policy = DeskDecoding.policy(document, categories: Set(self.categories.keys)).0 ?? policy
        }
        self.policy = policy
        calendar = WorkingCalendar(days: try store.calendarDays())
        areas = try store.areaDirectory()
        router = PetitionRouter(units: units, policy: policy, areaNames: areas.areas.mapValues(\.name))
        boundaryVersion = try store.boundaryVersion()
    }
}
