import Foundation
import GridModel

/// Turns a petitioner's phone into the keyed hash stored beside the petition: HMAC-SHA256 of
/// the phone's digits (a mobile without its +86) under a 256-bit key kept in a file beside the
/// database (`wangge.db.key`, readable by its owner only), made on first use. Without the key
/// the stored hashes cannot be turned back into phones by trying all of them.
public struct ContactKeys: Sendable {
    public let key: [UInt8]

    public init(key: [UInt8]) { self.key = key }

    /// The key file beside a database, created (0600) when missing. Several desks or processes
    /// starting at once agree on one key: the file is created exclusively, written whole, and
    /// whoever finds it already there reads it.
    public init(besideDatabase path: String) throws {
        let file = path + ".key"
        for _ in 0..<50 {
            if let data = FileManager.default.contents(atPath: file), data.count == 32 {
                key = Array(data)
                return
            }
            let temporary = file + ".tmp-" + UUID().uuidString
            var rng = SystemRandomNumberGenerator()
            let fresh = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
            guard FileManager.default.createFile(atPath: temporary, contents: Data(fresh), attributes: [.posixPermissions: 0o600]) else {
                throw KeyError(reason: "cannot write \(temporary)")
            }
            // link() fails if the key exists: then the other writer's key is the one.
            let linked = link(temporary, file) == 0
            unlink(temporary)
            if linked {
                key = fresh
                return
            }
            usleep(2000)
        }
        throw KeyError(reason: "\(file) exists but does not hold a 32-byte key")
    }

    /// Makes `key` the key beside a database (a copied deployment keeps its callers' history);
    /// refused when a different key is already there.
    public static func adopt(_ key: [UInt8], besideDatabase path: String) throws {
        let file = path + ".key"
        if let data = FileManager.default.contents(atPath: file) {
            guard Array(data) == key else { throw KeyError(reason: "\(file) already holds another key: copy into a new database") }
            return
        }
        guard FileManager.default.createFile(atPath: file, contents: Data(key), attributes: [.posixPermissions: 0o600]) else {
            throw KeyError(reason: "cannot write \(file)")
        }
    }

    public struct KeyError: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { "contact key: \(reason)" }
    }

    /// The keyed hash of a phone, or nil when it has too few digits to be one.
    public func hash(phone: String) -> String? {
        let digits = PhoneNumber.digits(phone)
        return digits.count >= 7 ? Digests.hmac(Data(digits.utf8), key: key) : nil
    }
}
