/// Why a filter was refused, and where: a character position in `cql2-text`, a JSON path in
/// `cql2-json`, or the property or function a valid expression may not use here.
public struct FeatureFilterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `at character 17`, `at args[1].args[0]`, or empty when the whole filter is meant.
    public var location: String
    public var reason: String

    public init(_ location: String, _ reason: String) {
        self.location = location
        self.reason = reason
    }

    public var description: String { location.isEmpty ? reason : "\(location): \(reason)" }
}
