/// A property a CQL2 filter may name (`/collections/{id}/queryables`): one of the layer's
/// public properties, with the type its values have.
public struct Queryable: Sendable, Hashable {
    public enum ValueType: String, Sendable {
        case string, integer, number, timestamp, geometry
    }

    public var name: String
    public var type: ValueType
    public var title: String

    public init(_ name: String, _ type: ValueType, _ title: String) {
        self.name = name
        self.type = type
        self.title = title
    }
}
