import GridGeo
import GridModel

/// A page request for a feature layer.
public struct FeaturePage: Sendable {
    public var bbox: BoundingBox?
    public var limit: Int
    public var offset: Int
    /// Equality filters on the layer's documented properties (`FeatureLayer.filterNames`).
    public var filters: [(name: String, value: String)]
    /// Features whose time lies in this closed interval (seconds since 1970, either end open),
    /// for layers that have a time.
    public var time: (from: Int64?, to: Int64?)?
    /// A CQL2 filter, already checked against the layer (`FeatureFilter.checked(for:)`).
    public var filter: FeatureFilter?
    /// Only features whose id sorts after this one (keyset paging for long reads).
    public var afterID: String?
    /// Whether the answer counts every feature that matches (`FeatureResult.matched`); a tile
    /// needs only the features, and counting costs a second pass over them.
    public var countsMatches = true
    /// For the petitions layer: only the petitions in this scope.
    public var petitionScope: PetitionScope?

    public init(bbox: BoundingBox? = nil, limit: Int = 100, offset: Int = 0, filters: [(name: String, value: String)] = [],
                time: (from: Int64?, to: Int64?)? = nil) {
        self.bbox = bbox
        self.limit = limit
        self.offset = offset
        self.filters = filters
        self.time = time
    }
}
