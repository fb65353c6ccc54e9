import Foundation

/// Read-only connections to one database file, opened as reads need them (at most `limit`),
/// each used by one read at a time. In WAL mode every one sees all committed writes and none
/// waits for a writer or for another reader.
final class ReaderConnections: @unchecked Sendable {
    // @unchecked Sendable: `idle` and `opened` are touched only while holding `condition`.
    private let path: String
    private let condition = NSCondition()
    private var idle: [Database] = []
    private var opened = 0
    /// Reads at once; more wait for one to finish.
    static let limit = 4

    init(path: String) { self.path = path }

    func take() throws -> Database {
        condition.lock()
        while idle.isEmpty && opened >= Self.limit { condition.wait() }
        if let reader = idle.popLast() {
            condition.unlock()
            return reader
        }
        opened += 1
        condition.unlock()
        do {
            let reader = try Database(path: path, create: false)
            // A read never writes: said to SQLite, so that a slip is an error, not a change.
            try reader.execute("PRAGMA query_only = ON")
            return reader
        } catch {
            condition.lock()
            opened -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    func giveBack(_ reader: Database) {
        condition.lock()
        idle.append(reader)
        condition.signal()
        condition.unlock()
    }
}
