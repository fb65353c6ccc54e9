import Synchronization

/// The registry's layers (areas, buildings, units) kept in memory for vector tiles
/// (`TileLayer`). They are read in the background — a server answers at once, and a city's
/// tiles come from the store until its copy is ready — and read again in the background after an
/// import; a copy older than the last import is never drawn from: the store serves meanwhile.
final class TileLayerCache: Sendable {
    private let copies: StoreSnapshot<[FeatureLayer: TileLayer]>
    private let importStamp: StoreSnapshot<Int64>
    private let ready = Atomic<Bool>(false)

    init(layers: FeatureLayers) {
        copies = StoreSnapshot(store: layers.store, following: .imports, refreshInBackground: true) { store in
            let stamp = try StoreTopic.imports.stamp(in: store)
            var out: [FeatureLayer: TileLayer] = [:]
            for layer in FeatureLayer.all where layer != .petitions {
                out[layer] = try TileLayer(layer, from: layers, stamp: stamp)
            }
            return out
        }
        importStamp = StoreSnapshot(store: layers.store, following: .imports) { try StoreTopic.imports.stamp(in: $0) }
    }

    /// Starts reading the copies on another thread.
    func start() {
        Task.detached(priority: .utility) { [self] in
            if (try? copies.current()) != nil { ready.store(true, ordering: .releasing) }
        }
    }

    /// Reads the copies now (benchmarks and tests, which must know which path a tile took).
    func prepare() throws {
        _ = try copies.current()
        ready.store(true, ordering: .releasing)
    }

    /// The in-memory copy of a layer as of the last import, or nil (not read yet, or older).
    func layer(_ layer: FeatureLayer) -> TileLayer? {
        guard ready.load(ordering: .acquiring), let copy = (try? copies.current())?[layer],
              let stamp = try? importStamp.current(), copy.stamp == stamp else { return nil }
        return copy
    }
}
