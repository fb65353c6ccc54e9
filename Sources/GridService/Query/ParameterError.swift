/// A bad request parameter (HTTP query or CLI option), saying which one and what to change.
public struct ParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Not a parameter of this request.
        case unknown
        /// Required and absent.
        case missing
        /// Present, but not a usable value.
        case invalid
        /// Valid alone, but the request it makes is too large to answer.
        case tooLarge
    }

    public var kind: Kind
    public var name: String
    public var reason: String

    public init(_ kind: Kind, _ name: String, _ reason: String) {
        self.kind = kind
        self.name = name
        self.reason = reason
    }

    public var description: String { "\(name): \(reason)" }
}
