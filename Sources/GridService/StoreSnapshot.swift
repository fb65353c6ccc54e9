import GridStore
import Synchronization

/// An in-memory value built from the store (a `Locator`, a `PetitionLedger`) that follows the
/// store: when an import has changed it — by this process or another, e.g. `wangge import`
/// while the server runs — the next use after at most `recheckSeconds` rebuilds it.
///
/// Hot paths pay a clock read and an uncontended lock; the store is asked once a second.
public final class StoreSnapshot<Value: Sendable>: Sendable {
    private let store: GridStore
    private let build: @Sendable (GridStore) throws -> Value
    private let stamp: @Sendable (GridStore) throws -> Int64
    private let recheck: Duration
    private let state: Mutex<(value: Value?, stamp: Int64, checked: ContinuousClock.Instant?)>

    /// - Parameter initial: a value already built from the store as it is now.
    /// - Parameter stamp: what tells that the store changed (default: any import).
    public init(store: GridStore, initial: Value? = nil, recheckSeconds: Double = 1,
                stamp: @escaping @Sendable (GridStore) throws -> Int64 = { try $0.changeStamp() },
                build: @escaping @Sendable (GridStore) throws -> Value) {
        self.store = store
        self.build = build
        self.stamp = stamp
        recheck = .milliseconds(Int64(recheckSeconds * 1000))
        let stamp = initial == nil ? -1 : ((try? stamp(store)) ?? -1)
        state = Mutex((initial, stamp, initial == nil ? nil : ContinuousClock.now))
    }

    /// The value for the store as it is now (as of at most `recheckSeconds` ago). Requests
    /// during a rebuild wait for it rather than each starting their own.
    public func current() throws -> Value {
        let now = ContinuousClock.now
        if let v = state.withLock({ s -> Value? in
            guard let value = s.value, let checked = s.checked, now - checked < recheck else { return nil }
            return value
        }) { return v }
        return try state.withLock { s in
            if let value = s.value, let checked = s.checked, now - checked < recheck { return value }
            let stamp = try self.stamp(store)
            s.checked = now
            if let value = s.value, stamp == s.stamp { return value }
            let value = try build(store)
            s = (value, stamp, now)
            return value
        }
    }
}
