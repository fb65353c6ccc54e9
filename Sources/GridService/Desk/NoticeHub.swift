import Foundation
import GridModel
import Synchronization

/// Fans the store's notices out to every open notification stream: one reader of the store for
/// all subscribers (it looks a few times a second; notices written by another process, e.g. the
/// CLI, arrive the same way), each subscriber told only what its scope covers, in order, with
/// what it missed since its `Last-Event-ID` first.
public final class NoticeHub: Sendable {
    let store: any NoticeStore
    private let state: Mutex<State>

    private struct State {
        var last: Int64
        /// The latest notices, to resume a stream from without reading the store.
        var recent: [DeskNotice] = []
        var subscribers: [UUID: Subscriber] = [:]
    }

    private struct Subscriber {
        var scope: PetitionScope
        var continuation: AsyncStream<DeskNotice>.Continuation
    }

    static let kept = 10_000

    /// Starts after the newest notice in the store.
    public init(store: any NoticeStore) {
        self.store = store
        state = Mutex(State(last: (try? store.lastNoticeID()) ?? 0))
    }

    /// Notices after `after` (nil: from now on) that `scope` covers, as they happen.
    /// - Returns: the stream, and what ends it (a server stopping ends its streams).
    public func subscribe(scope: PetitionScope, after: Int64?) throws -> (stream: AsyncStream<DeskNotice>, end: @Sendable () -> Void) {
        let (stream, continuation) = AsyncStream<DeskNotice>.makeStream()
        let id = UUID()
        // Older than what the hub keeps: read those from the store first.
        let (oldest, last) = state.withLock { ($0.recent.first?.id ?? $0.last + 1, $0.last) }
        var backlog: [DeskNotice] = []
        if let after, after + 1 < oldest {
            var cursor = after
            while cursor < min(oldest - 1, last) {
                let page = try store.notices(after: cursor, limit: 1000).filter { $0.id < oldest }
                guard let end = page.last?.id else { break }
                backlog += page
                cursor = end
            }
        }
        state.withLock { s in
            var sent = after ?? s.last
            for n in backlog + s.recent where n.id > sent {
                if n.concerns(scope) { continuation.yield(n) }
                sent = n.id
            }
            s.subscribers[id] = Subscriber(scope: scope, continuation: continuation)
        }
        continuation.onTermination = { [weak self] _ in _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) } }
        return (stream, { continuation.finish() })
    }

    /// Reads what the store has added and tells the subscribers it concerns.
    @discardableResult
    public func poll() throws -> Int {
        let after = state.withLock { $0.last }
        let fresh = try store.notices(after: after, limit: 5000)
        guard !fresh.isEmpty else { return 0 }
        state.withLock { s in
            for n in fresh where n.id > s.last {
                for sub in s.subscribers.values where n.concerns(sub.scope) { sub.continuation.yield(n) }
                s.last = n.id
                s.recent.append(n)
            }
            if s.recent.count > Self.kept { s.recent.removeFirst(s.recent.count - Self.kept) }
        }
        return fresh.count
    }

    /// How many streams are open.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Ends every stream (the server is stopping).
    public func finishAll() {
        let all = state.withLock { s -> [AsyncStream<DeskNotice>.Continuation] in
            defer { s.subscribers.removeAll() }
            return s.subscribers.values.map(\.continuation)
        }
        for c in all { c.finish() }
    }
}
