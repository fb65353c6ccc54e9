import Synchronization

/// An in-memory value built from the store (a `Locator`, a `PetitionLedger`) that follows the
/// store: when an import has changed it — by this process or another, e.g. `wangge import`
/// while the server runs — the next use after at most `recheckSeconds` rebuilds it.
///
/// Hot paths pay a clock read and an uncontended lock; the store is asked once a second — or,
/// on a store with a live change feed (PostgreSQL's `LISTEN`/`NOTIFY`), only when a change was
/// announced, with a slow recheck as a safety net.
public final class StoreSnapshot<Value: Sendable>: Sendable {
    private let store: any WanggeStore
    private let build: @Sendable (any WanggeStore) throws -> Value
    private let topic: StoreTopic?
    private let recheck: Duration
    private let feed: StoreChangeFeed?
    /// How long a value stands unasked while the feed is live.
    static var recheckWhileNotified: Duration { .seconds(10) }
    private let inBackground: Bool
    /// The share of time background rebuilds may take (nil: no limit).
    private let duty: Double?
    private let state: Mutex<State>
    /// Counts announced changes (the feed's, or `expire()`); lock-free, because the feed calls
    /// in from the store's event loop, which must never wait for a rebuild's lock.
    private let announced = Atomic<Int>(0)

    private struct State {
        var value: Value?
        var stamp: Int64
        var checked: ContinuousClock.Instant?
        /// The count of announcements when the store was last asked.
        var seen = 0
        var rebuilding = false
        /// No background rebuild starts before this (a rebuild's rest, `rebuildShare`).
        var restUntil: ContinuousClock.Instant?

        func isFresh(at now: ContinuousClock.Instant, within recheck: Duration, announced: Int) -> (value: Value, stamp: Int64)? {
            guard let value, let checked, now - checked < recheck, seen == announced else { return nil }
            return (value, stamp)
        }
    }

    /// - Parameters:
    ///   - initial: a value already built from the store as it is now.
    ///   - following: what the value is built from (default: imports); nil for a value that
    ///     never changes once built.
    ///   - refreshInBackground: once there is a value, rebuild it on another thread and keep
    ///     answering with the old one meanwhile — for values that take seconds to build and
    ///     change often (heat maps over a million petitions while the desk takes new ones),
    ///     where a few seconds' staleness beats every request waiting.
    ///   - rebuildShare: with `refreshInBackground`, the most of one core's time the rebuilds may
    ///     take: after a rebuild of t seconds the next waits t × (1/share − 1). A city whose
    ///     petitions change every second would otherwise rebuild back to back for ever.
    public init(store: any WanggeStore, initial: Value? = nil, recheckSeconds: Double = 1,
                following topic: StoreTopic? = .imports,
                refreshInBackground: Bool = false, rebuildShare: Double? = nil,
                build: @escaping @Sendable (any WanggeStore) throws -> Value) {
        self.store = store
        self.build = build
        self.topic = topic
        inBackground = refreshInBackground
        duty = rebuildShare.map { min(max($0, 0.01), 1) }
        recheck = .milliseconds(Int64(min(recheckSeconds, 1e9) * 1000))
        feed = topic == nil ? nil : store.changeFeed
        let stamp = initial == nil ? -1 : ((try? topic?.stamp(in: store) ?? 0) ?? -1)
        state = Mutex(State(value: initial, stamp: stamp, checked: initial == nil ? nil : ContinuousClock.now))
        if let feed, let topic {
            feed.subscribe(to: [topic]) { [weak self] in
                guard let self else { return false }
                self.expire()
                return true
            }
        }
    }

    /// How long a value stands before the store is asked again.
    private var interval: Duration {
        guard let feed, feed.isLive else { return recheck }
        return max(recheck, Self.recheckWhileNotified)
    }

    /// Makes the next use look at the store again at once (after a change made through this
    /// process, which should show without the usual delay).
    public func expire() {
        announced.add(1, ordering: .releasing)
    }

    /// The value for the store as it is now (as of at most `recheckSeconds` ago, or the last
    /// one built while a background rebuild runs). Requests during a blocking rebuild wait
    /// for it rather than each starting their own.
    public func current() throws -> Value { try stamped().value }

    /// `current()` with the stamp of the store it was built from — older than the store's own
    /// while a background rebuild runs, which is how a cache of what was made from it can tell.
    public func stamped() throws -> (value: Value, stamp: Int64) {
        let now = ContinuousClock.now
        let recheck = interval
        let announced = announced.load(ordering: .acquiring)
        if let v = state.withLock({ $0.isFresh(at: now, within: recheck, announced: announced) }) { return v }
        var rebuildFrom: Int64?
        let answer = try state.withLock { s -> (value: Value, stamp: Int64) in
            if let fresh = s.isFresh(at: now, within: recheck, announced: announced) { return fresh }
            let stamp = try topic?.stamp(in: store) ?? 0
            s.checked = now
            s.seen = announced
            if let value = s.value, stamp == s.stamp || s.rebuilding { return (value, s.stamp) }
            if inBackground, let value = s.value {
                if let rest = s.restUntil, now < rest { return (value, s.stamp) }
                s.rebuilding = true
                rebuildFrom = stamp
                return (value, s.stamp)
            }
            let value = try build(store)
            s = State(value: value, stamp: stamp, checked: now, seen: announced)
            return (value, stamp)
        }
        if let stamp = rebuildFrom {
            Task.detached(priority: .utility) { [self] in
                let clock = ContinuousClock(), start = clock.now
                let rebuilt = try? build(store)
                let end = clock.now
                state.withLock { s in
                    if let rebuilt { s.value = rebuilt; s.stamp = stamp }
                    s.rebuilding = false
                    if let duty { s.restUntil = end + (end - start) * (1 / duty - 1) }
                }
            }
        }
        return answer
    }
}
