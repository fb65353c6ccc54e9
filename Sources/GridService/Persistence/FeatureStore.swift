import GridGeo
import GridModel

/// The layers as features, paged, for the OGC API collections and `wangge export` (through
/// `FeatureLayers`). No personal data is in any layer.
public protocol FeatureStore: AnyObject, Sendable {
    /// A page of a layer, by id, with an exact count of all that match; an unknown filter throws.
    func features(in layer: FeatureLayer, page: FeaturePage) throws -> FeatureResult
    func feature(in layer: FeatureLayer, id: String, petitionScope: PetitionScope?) throws -> Feature?
    func extent(of layer: FeatureLayer) throws -> BoundingBox?
    /// The first and last times (ISO 8601) of a layer that has a time.
    func temporalExtent(of layer: FeatureLayer) throws -> (first: String, last: String)?
}
