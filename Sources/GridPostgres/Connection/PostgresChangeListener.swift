import GridService
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// Listens on the database's change channel with a connection of its own and passes what it
/// hears to the store's `StoreChangeFeed`: triggers (migration 5) `NOTIFY` the name of the table a
/// statement changed, delivered to every listening server when its transaction commits.
///
/// A lost connection (a database restart, `pg_terminate_backend`) makes the feed not live — the
/// caches then ask for stamps as before — and is opened again every second until it succeeds.
/// Everything runs on the pool's event loop; nothing here blocks.
final class PostgresChangeListener: Sendable {
    /// The channel the triggers notify.
    static let channel = "wangge_change"

    /// What a change to each notifying table means to the caches.
    static func topics(ofTable table: String) -> Set<StoreTopic> {
        switch table {
        case "import_log": [.imports, .petitions]
        case "api_token": [.tokens]
        case "user_account": [.users]
        case "petition", "petition_event": [.petitions]
        default: Set(StoreTopic.allCases)
        }
    }

    private let pool: PostgresPool
    private let logger: Logger
    private let state = Mutex<State>(State())

    private struct State {
        var feed: StoreChangeFeed?
        var connection: PostgresConnection?
        var stopped = false
    }

    init(pool: PostgresPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    /// Starts listening for `feed` (called once, by the feed, when it gets its first subscriber).
    func start(feeding feed: StoreChangeFeed) {
        state.withLock { $0.feed = feed }
        connect()
    }

    /// Stops listening for good (the store is going away).
    func stop() {
        let connection = state.withLock { s -> PostgresConnection? in
            s.stopped = true
            return s.connection
        }
        connection?.closeSoon()
    }

    private func connect() {
        guard !state.withLock({ $0.stopped }) else { return }
        pool.connectOutside().whenComplete { [weak self] result in
            guard let self else {
                if case .success(let c) = result { c.closeSoon() }
                return
            }
            switch result {
            case .success(let connection): listen(on: connection)
            case .failure(let error):
                logger.debug("change listener cannot connect: \(PostgresStoreError.message(of: error))")
                retry()
            }
        }
    }

    private func listen(on connection: PostgresConnection) {
        let feed = state.withLock { s -> StoreChangeFeed? in
            guard !s.stopped else { return nil }
            s.connection = connection
            return s.feed
        }
        guard let feed else {
            connection.closeSoon()
            return
        }
        connection.addListener(channel: Self.channel) { _, notification in
            feed.publish(Self.topics(ofTable: notification.payload))
        }
        // Queries run in order on a connection: once this answers, LISTEN is in force.
        connection.query(PostgresQuery(unsafeSQL: "SELECT 1"), logger: logger).whenSuccess { _ in feed.setLive(true) }
        connection.closeFuture.whenComplete { [weak self] _ in
            feed.setLive(false)
            guard let self, !state.withLock({ s in
                s.connection = nil
                return s.stopped
            }) else { return }
            logger.info("change listener lost its connection; caches ask for stamps until it is back")
            retry()
        }
    }

    private func retry() {
        guard !state.withLock({ $0.stopped }) else { return }
        pool.eventLoop.scheduleTask(in: .seconds(1)) { [weak self] in self?.connect() }
    }
}
