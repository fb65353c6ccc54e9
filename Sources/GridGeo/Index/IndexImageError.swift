/// An index image that cannot be read as one.
public enum IndexImageError: Error, Sendable, CustomStringConvertible, Equatable {
    case damaged(String)

    public var description: String {
        switch self {
        case .damaged(let why): "the index image is damaged: \(why)"
        }
    }
}
