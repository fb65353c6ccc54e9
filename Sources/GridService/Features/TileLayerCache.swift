import Synchronization

/// Layers kept in memory for vector tiles (`TileLayer`): the registry's (areas, buildings,
/// units), which follow imports, and the petitions, which follow every desk event. They are read
/// in the background — a server answers at once, and a city's tiles come from the store until
/// its copy is ready — and read again in the background after a change; a copy older than the
/// store is never drawn from: the store serves meanwhile.
final class TileLayerCache: Sendable {
    private let copies: StoreSnapshot<[FeatureLayer: TileLayer]>
    private let stamp: StoreSnapshot<Int64>
    private let ready = Atomic<Bool>(false)

    /// - Parameters:
    ///   - kept: the layers to keep.
    ///   - topic: what changes them.
    ///   - stamp: the topic's stamp, which a copy must match to be drawn from.
    init(layers: FeatureLayers, keeping kept: [FeatureLayer], following topic: StoreTopic, stamp: StoreSnapshot<Int64>) {
        // A city's petitions take seconds to read: while they change every second, the copy is
        // read again at most a quarter of the time, and the store draws the tiles meanwhile.
        copies = StoreSnapshot(store: layers.store, following: topic, refreshInBackground: true, rebuildShare: 0.25) { store in
            let stamp = try topic.stamp(in: store)
            var out: [FeatureLayer: TileLayer] = [:]
            for layer in kept { out[layer] = try TileLayer(layer, from: layers, stamp: stamp) }
            return out
        }
        self.stamp = stamp
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

    /// The in-memory copy of a layer as new as the store, or nil (not read yet, or older).
    func layer(_ layer: FeatureLayer) -> TileLayer? {
        guard ready.load(ordering: .acquiring), let copy = (try? copies.current())?[layer],
              let stamp = try? stamp.current(), copy.stamp == stamp else { return nil }
        return copy
    }
}
