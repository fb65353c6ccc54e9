import GridGeo

/// A page of features and how many match in all.
public struct FeatureResult: Sendable {
    public var matched: Int
    public var features: [Feature]

    public init(matched: Int, features: [Feature]) {
        self.matched = matched
        self.features = features
    }
}
