import GridGeo
import GridModel

/// The layers as features — what the OGC API's `/collections/…/items` serve and `wangge export`
/// writes: pages by id, single features and each layer's extents. The extents need a scan of a
/// whole table each, so they are kept and recomputed only when the store changes.
public struct FeatureLayers: Sendable {
    let store: any WanggeStore
    private let extents: StoreSnapshot<[FeatureLayer: Extent]>

    /// A layer's spatial extent (WGS-84) and, for layers with a time, its first and last times.
    public struct Extent: Sendable {
        public var spatial: BoundingBox?
        public var temporal: (first: String, last: String)?
    }

    public init(store: any WanggeStore) {
        self.store = store
        extents = StoreSnapshot(store: store) { store in
            var out: [FeatureLayer: Extent] = [:]
            for layer in FeatureLayer.all {
                out[layer] = Extent(spatial: try store.extent(of: layer), temporal: try store.temporalExtent(of: layer))
            }
            return out
        }
    }

    /// A page of a layer, with an exact count of all that match.
    public func page(of layer: FeatureLayer, _ page: FeaturePage) throws -> FeatureResult {
        try store.features(in: layer, page: page)
    }

    /// One feature by id; nil when there is none (or the scope does not reach it).
    public func feature(in layer: FeatureLayer, id: String, petitionScope: PetitionScope?) throws -> Feature? {
        try store.feature(in: layer, id: id, petitionScope: petitionScope)
    }

    public func extent(of layer: FeatureLayer) throws -> Extent {
        try extents.current()[layer] ?? Extent()
    }
}
