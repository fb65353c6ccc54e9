import Foundation

/// Where attachments' bytes live, by id. The embedded store keeps them in a folder beside the
/// database; a server cluster would put them where every server reads them — a choice of
/// deployment behind this protocol.
public protocol BlobStore: Sendable {
    /// Stores `bytes` under `id` (their SHA-256); storing the same id again is a no-op. Never
    /// leaves half a blob: a crash mid-write leaves nothing under `id`.
    func put(_ bytes: [UInt8], id: String) throws
    /// The bytes under `id`, or nil.
    func get(_ id: String) throws -> [UInt8]?
}

/// Blobs as files, `ab/abcdef…` under a root folder: written to a temporary file, synced, then
/// renamed into place.
public struct FolderBlobStore: BlobStore {
    public let root: String

    public init(root: String) { self.root = root }

    /// The folder beside a database file: `wangge.db` → `wangge.db.attachments`.
    public init(besideDatabase path: String) { self.init(root: path + ".attachments") }

    func path(_ id: String) -> String { root + "/" + String(id.prefix(2)) + "/" + id }

    public func put(_ bytes: [UInt8], id: String) throws {
        guard id.count == 64, id.allSatisfy(\.isHexDigit) else { throw BlobError(reason: "'\(id)' is not a SHA-256") }
        let target = path(id)
        if FileManager.default.fileExists(atPath: target) { return }
        let folder = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = folder + "/.tmp-" + UUID().uuidString
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary) else {
            throw BlobError(reason: "cannot write in \(folder)")
        }
        do {
            try handle.write(contentsOf: bytes)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary, target) == 0 else { throw BlobError(reason: "cannot rename into \(target): errno \(errno)") }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    public func get(_ id: String) throws -> [UInt8]? {
        guard id.count == 64, id.allSatisfy(\.isHexDigit) else { return nil }
        return FileManager.default.contents(atPath: path(id)).map { Array($0) }
    }

    public struct BlobError: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { "attachment store: \(reason)" }
    }
}
