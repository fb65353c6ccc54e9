import GridModel

/// Why the desk refused a request.
public enum DeskError: Error, Sendable, Equatable {
    /// The body is wrong: every problem, by field.
    case invalid([FieldProblem])
    /// The action is not allowed in the petition's status.
    case illegalTransition(id: String, action: PetitionEvent.Action, status: Petition.Status, allowed: [PetitionEvent.Action])
    /// The action is allowed but the case forbids it (no unit to dispatch to, merging into itself …).
    case conflict(String)
    /// A file whose bytes are not what it says it is, or of a kind petitions may not carry.
    case unsupportedMedia(String)
    /// A file larger than the limit.
    case tooLarge(String)
}

extension DeskError: CustomStringConvertible {
    /// What the CLI prints.
    public var description: String {
        switch self {
        case .invalid(let problems): problems.map { "\($0.field): \($0.reason)" }.joined(separator: "; ")
        case .illegalTransition(let id, let action, let status, let allowed):
            "\(id) is \(status.rawValue): '\(action.rawValue)' is not allowed; allowed: \(allowed.map(\.rawValue).joined(separator: ", "))"
        case .conflict(let why), .unsupportedMedia(let why), .tooLarge(let why): why
        }
    }
}
