import Foundation
import GridModel
import GridService
import Hummingbird

/// hummingbird-auth's session storage over Wangge's store: `SessionMiddleware` reads and writes
/// sessions through this driver, `DeskSessions` keeps them (hashed ids, idle and absolute ends).
struct StoreSessionDriver: PersistDriver {
    let sessions: DeskSessions
    let clock: @Sendable () -> Timestamp

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        try await set(key: key, value: value, expires: expires)
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let text = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        let (sessions, now) = (sessions, clock())
        try await blocking { try sessions.save(id: key, value: text, lifetime: expires.map { $0.components.seconds }, at: now) }
    }

    func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: Object.self)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        let (sessions, now) = (sessions, clock())
        guard let found = try await blocking({ try sessions.load(id: key, at: now) }) else { return nil }
        do {
            return (try JSONDecoder().decode(Object.self, from: Data(found.value.utf8)), .seconds(found.secondsLeft))
        } catch {
            throw PersistError.invalidConversion
        }
    }

    func remove(key: String) async throws {
        let (sessions, now) = (sessions, clock())
        try await blocking { try sessions.remove(id: key, at: now) }
    }
}
