/// Why a GeoJSON value was refused, and where inside it (`geometry.coordinates[0][3]`).
public struct GeoJSONProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
}
