import Dispatch
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// A few connections to one database, lent to one caller at a time and opened on demand. The
/// connections run on an event loop of their own (see `PostgresSession`). At most `limit` are
/// lent at once; a caller that waits longer than five seconds for one (a step that reads while
/// it writes, under a burst) is given one beyond the limit rather than left waiting forever.
final class PostgresPool: Sendable {
    let url: PostgresURL
    private let group: MultiThreadedEventLoopGroup
    private let logger: Logger
    private let idle = Mutex<[PostgresSession]>([])
    private let opened = Atomic<Int>(0)
    private let permits: DispatchSemaphore

    private let configuration: PostgresConnection.Configuration

    init(url: PostgresURL, logger: Logger, limit: Int = 16) throws {
        self.url = url
        configuration = try url.configuration()
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        permits = DispatchSemaphore(value: limit)
    }

    deinit {
        let sessions = idle.withLock { sessions in
            defer { sessions.removeAll() }
            return sessions
        }
        // The last reference may go on the loop itself (a listener's callback): no waiting there.
        if MultiThreadedEventLoopGroup.currentEventLoop != nil {
            for s in sessions { s.connection.closeSoon() }
            group.shutdownGracefully { _ in }
            return
        }
        for s in sessions { try? s.connection.close().wait() }
        try? group.syncShutdownGracefully()
    }

    /// Lends a connection to `body`; one that broke is not lent again.
    func with<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        let permitted = permits.wait(timeout: .now() + 5) == .success
        defer { if permitted { permits.signal() } }
        var session = idle.withLock { $0.popLast() }
        // One the server closed while idle (a restart) is dropped, not lent.
        while let s = session, s.connection.isClosed { session = idle.withLock { $0.popLast() } }
        let lent = try session ?? open()
        defer {
            if !lent.connection.isClosed { idle.withLock { $0.append(lent) } }
        }
        return try body(lent)
    }

    /// A connection of its own for a long-lived use outside the pool (listening for changes).
    func connectOutside() -> EventLoopFuture<PostgresConnection> {
        let id = opened.add(1, ordering: .relaxed).newValue
        return PostgresConnection.connect(on: group.next(), configuration: configuration, id: id, logger: logger)
    }

    /// The event loop the pool's connections run on, for timers of the store's own.
    var eventLoop: any EventLoop { group.next() }

    private func open() throws -> PostgresSession {
        do {
            let connection = try connectOutside().wait()
            return PostgresSession(connection: connection, logger: logger, url: url.redacted)
        } catch {
            throw PostgresUnavailable(url: url.redacted, why: PostgresStoreError.message(of: error))
        }
    }
}

extension PostgresConnection {
    /// Starts closing without waiting (from an event loop, or where nobody waits for it).
    func closeSoon() {
        let _: EventLoopFuture<Void> = close()
    }
}
