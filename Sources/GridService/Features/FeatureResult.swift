import GridGeo

/// A page of features and how many match in all.
public struct FeatureResult: Sendable {
    /// How many match in all (when the page asked; else those up to the end of this page).
    public var matched: Int
    public var features: [Feature]

    public init(matched: Int, features: [Feature]) {
        self.matched = matched
        self.features = features
    }
}
