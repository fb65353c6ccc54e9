import Synchronization

/// Notifications of changes made by any process writing the store (PostgreSQL's `LISTEN`/
/// `NOTIFY`), so that every server's caches follow another server's writes at once instead of
/// asking the store for stamps every fraction of a second.
///
/// The store feeds it; `StoreSnapshot`s subscribe. While the feed is not live (its connection
/// lost, or not yet listening) the snapshots fall back to asking for stamps; when it becomes live
/// again, everything is announced as changed, since notifications sent meanwhile were missed.
public final class StoreChangeFeed: Sendable {
    private struct Subscriber {
        let id: Int
        let topics: Set<StoreTopic>
        /// Returns false once the subscriber is gone, which drops it.
        let changed: @Sendable () -> Bool
    }

    private let subscribers = Mutex<(next: Int, all: [Subscriber])>((0, []))
    private let live = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    private let start: @Sendable (StoreChangeFeed) -> Void

    /// - Parameter start: begins listening for this feed; called once, when the first subscriber
    ///   arrives (a CLI command that caches nothing never opens the listening connection).
    public init(start: @escaping @Sendable (StoreChangeFeed) -> Void) {
        self.start = start
    }

    /// Whether notifications arrive now.
    public var isLive: Bool { live.load(ordering: .acquiring) }

    /// Calls `changed` after every change to one of `topics` (on the feed's own thread; keep it
    /// short). `changed` returns false when its subscriber no longer exists.
    public func subscribe(to topics: Set<StoreTopic>, _ changed: @escaping @Sendable () -> Bool) {
        guard !topics.isEmpty else { return }
        subscribers.withLock { s in
            s.all.append(Subscriber(id: s.next, topics: topics, changed: changed))
            s.next += 1
        }
        if !started.exchange(true, ordering: .acquiringAndReleasing) { start(self) }
    }

    /// Announces a change to `topics`.
    public func publish(_ topics: Set<StoreTopic>) {
        let interested = subscribers.withLock { $0.all.filter { !$0.topics.isDisjoint(with: topics) } }
        let gone = Set(interested.filter { !$0.changed() }.map(\.id))
        if !gone.isEmpty { subscribers.withLock { $0.all.removeAll { gone.contains($0.id) } } }
    }

    /// The store's listener reports whether it is listening. Becoming live announces every
    /// topic, because whatever changed while it was not is unknown.
    public func setLive(_ isLive: Bool) {
        let was = live.exchange(isLive, ordering: .acquiringAndReleasing)
        if isLive && !was { publish(Set(StoreTopic.allCases)) }
    }
}
