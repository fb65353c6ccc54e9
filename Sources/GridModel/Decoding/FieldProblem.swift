/// A problem with one field of one input record.
public struct FieldProblem: Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var reason: String
    /// What kind of problem, for clients that say it in the user's words (the desk, in Chinese).
    public var kind: Kind

    public init(field: String, reason: String, kind: Kind = .invalid) {
        self.field = field
        self.reason = reason
        self.kind = kind
    }

    /// The kinds of field problem, with a stable code and the Chinese the desk shows beside the field.
    public enum Kind: String, Sendable, CaseIterable {
        case required, type, range, choice, phone, time, unknownField = "unknown_field", invalid

        public var chineseName: String {
            switch self {
            case .required: "必填，请填写"
            case .type: "格式不对"
            case .range: "超出允许的范围"
            case .choice: "不是可选的值"
            case .phone: "不是有效的电话号码"
            case .time: "不是有效的时间"
            case .unknownField: "不是可填写的项目"
            case .invalid: "填写有误"
            }
        }
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
