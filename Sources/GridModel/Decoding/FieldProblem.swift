/// A problem with one field of one input record.
public struct FieldProblem: Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}

/// A problem with a record, by its position (0-based) in the input; the importer turns the
/// position into a file location (feature number or CSV line).
public struct RecordProblem: Sendable, Equatable {
    public var record: Int
    public var field: String
    public var reason: String

    public init(record: Int, field: String, reason: String) {
        self.record = record
        self.field = field
        self.reason = reason
    }
}
