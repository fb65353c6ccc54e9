/// A unit responsible for petitions (责任单位): a street office, a community committee, a
/// district bureau, a utility company.
public struct ResponsibleUnit: Sendable, Equatable {
    public var id: String
    public var name: String
    public var level: AreaLevel
    public var parent: String?
    /// The areas it answers for; a point is in its jurisdiction when one of them contains it.
    public var jurisdiction: [String]
    /// The category codes it handles.
    public var categories: [String]

    public init(id: String, name: String, level: AreaLevel, parent: String? = nil, jurisdiction: [String],
                categories: [String]) {
        self.id = id
        self.name = name
        self.level = level
        self.parent = parent
        self.jurisdiction = jurisdiction
        self.categories = categories
    }
}
