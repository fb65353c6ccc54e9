import Synchronization

/// An in-memory value built from the store (a `Locator`, a `PetitionLedger`) that follows the
/// store: when an import has changed it — by this process or another, e.g. `wangge import`
/// while the server runs — the next use after at most `recheckSeconds` rebuilds it.
///
/// Hot paths pay a clock read and an uncontended lock; the store is asked once a second.
public final class StoreSnapshot<Value: Sendable>: Sendable {
    private let store: any WanggeStore
    private let build: @Sendable (any WanggeStore) throws -> Value
    private let stamp: @Sendable (any WanggeStore) throws -> Int64
    private let recheck: Duration
    private let inBackground: Bool
    private let state: Mutex<State>

    private struct State {
        var value: Value?
        var stamp: Int64
        var checked: ContinuousClock.Instant?
        var rebuilding = false
    }

    /// - Parameters:
    ///   - initial: a value already built from the store as it is now.
    ///   - stamp: what tells that the store changed (default: any import).
    ///   - refreshInBackground: once there is a value, rebuild it on another thread and keep
    ///     answering with the old one meanwhile — for values that take seconds to build and
    ///     change often (heat maps over a million petitions while the desk takes new ones),
    ///     where a few seconds' staleness beats every request waiting.
    public init(store: any WanggeStore, initial: Value? = nil, recheckSeconds: Double = 1,
                stamp: @escaping @Sendable (any WanggeStore) throws -> Int64 = { try $0.changeStamp() },
                refreshInBackground: Bool = false,
                build: @escaping @Sendable (any WanggeStore) throws -> Value) {
        self.store = store
        self.build = build
        self.stamp = stamp
        inBackground = refreshInBackground
        recheck = .milliseconds(Int64(recheckSeconds * 1000))
        let stamp = initial == nil ? -1 : ((try? stamp(store)) ?? -1)
        state = Mutex(State(value: initial, stamp: stamp, checked: initial == nil ? nil : ContinuousClock.now))
    }

    /// Makes the next use look at the store again at once (after a change made through this
    /// process, which should show without the usual delay).
    public func expire() {
        state.withLock { $0.checked = nil }
    }

    /// The value for the store as it is now (as of at most `recheckSeconds` ago, or the last
    /// one built while a background rebuild runs). Requests during a blocking rebuild wait
    /// for it rather than each starting their own.
    public func current() throws -> Value {
        let now = ContinuousClock.now
        if let v = state.withLock({ s -> Value? in
            guard let value = s.value, let checked = s.checked, now - checked < recheck else { return nil }
            return value
        }) { return v }
        var rebuildFrom: Int64?
        let value = try state.withLock { s -> Value in
            if let value = s.value, let checked = s.checked, now - checked < recheck { return value }
            let stamp = try self.stamp(store)
            s.checked = now
            if let value = s.value, stamp == s.stamp || s.rebuilding { return value }
            if inBackground, let value = s.value {
                s.rebuilding = true
                rebuildFrom = stamp
                return value
            }
            let value = try build(store)
            s = State(value: value, stamp: stamp, checked: now)
            return value
        }
        if let stamp = rebuildFrom {
            Task.detached(priority: .utility) { [self] in
                let rebuilt = try? build(store)
                state.withLock { s in
                    if let rebuilt { s.value = rebuilt; s.stamp = stamp }
                    s.rebuilding = false
                }
            }
        }
        return value
    }
}
