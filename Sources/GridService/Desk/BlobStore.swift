import Crypto
import Foundation

/// Where attachments' bytes live, by id (their SHA-256). The embedded store keeps them in a
/// folder beside the database; a server cluster keeps them in PostgreSQL or in a folder every
/// server mounts — a choice of deployment behind this protocol.
///
/// Bytes pass a part (`BlobParts.size`) at a time, in and out, so that neither an upload nor a
/// download ever holds a whole file in memory, whatever `--max-attachment-mb` allows.
public protocol BlobStore: Sendable {
    /// Stores the file at `path` under `id`, reading it a part at a time; storing an id that is
    /// there already is a no-op. Never leaves half a blob: a crash mid-write leaves nothing.
    func put(file path: String, id: String) throws
    /// The size in bytes of the blob under `id`, or nil when there is none.
    func size(of id: String) throws -> Int?
    /// Part `index` of the blob under `id`: bytes `index × BlobParts.size` up to the next part
    /// (fewer in the last part).
    func part(_ index: Int, of id: String) throws -> [UInt8]
}

/// How blobs are cut into parts.
public enum BlobParts {
    /// One MiB: few round trips to the database, little memory per request.
    public static let size = 1 << 20

    /// The number of parts a blob of `bytes` has.
    public static func count(ofSize bytes: Int) -> Int { (bytes + size - 1) / size }

    /// Reads the file at `path` a part at a time.
    public static func read(file path: String, _ body: (_ index: Int, _ part: [UInt8]) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BlobError(reason: "cannot read \(path)") }
        defer { try? handle.close() }
        var index = 0
        while let data = try handle.read(upToCount: size), !data.isEmpty {
            try body(index, Array(data))
            index += 1
        }
    }
}

/// A blob store that cannot do what was asked.
public struct BlobError: Error, CustomStringConvertible {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { "attachment store: \(reason)" }
}

extension BlobStore {
    /// Stores bytes already in memory (a small file; a test) through a temporary file.
    public func put(_ bytes: [UInt8], id: String) throws {
        let upload = try BlobUpload()
        try upload.append(bytes)
        try put(file: upload.finish().path, id: id)
    }

    /// Writes the blob under `id` to a new file at `path`, a part at a time; false when there is
    /// no such blob.
    public func write(_ id: String, toFile path: String) throws -> Bool {
        guard let size = try size(of: id) else { return false }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw BlobError(reason: "cannot write \(path)")
        }
        defer { try? handle.close() }
        for index in 0..<BlobParts.count(ofSize: size) { try handle.write(contentsOf: part(index, of: id)) }
        return true
    }

    /// The whole blob in memory, or nil: for small files and tests only.
    public func get(_ id: String) throws -> [UInt8]? {
        guard let size = try size(of: id) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(size)
        for index in 0..<BlobParts.count(ofSize: size) { out += try part(index, of: id) }
        return out
    }
}

/// Blobs as files, `ab/abcdef…` under a root folder: copied to a temporary file, synced, then
/// renamed into place. A folder every server mounts (`wangge serve --attachments-dir`) serves a
/// cluster as well as the folder beside a database file serves one server.
public struct FolderBlobStore: BlobStore {
    public let root: String

    public init(root: String) { self.root = root }

    /// The folder beside a database file: `wangge.db` → `wangge.db.attachments`.
    public init(besideDatabase path: String) { self.init(root: path + ".attachments") }

    func path(_ id: String) -> String { root + "/" + String(id.prefix(2)) + "/" + id }

    static func isID(_ id: String) -> Bool { id.utf8.count == 64 && id.allSatisfy(\.isHexDigit) }

    public func put(file source: String, id: String) throws {
        guard Self.isID(id) else { throw BlobError(reason: "'\(id)' is not a SHA-256") }
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
            try BlobParts.read(file: source) { _, part in try handle.write(contentsOf: part) }
            try handle.synchronize()
            try handle.close()
            guard rename(temporary, target) == 0 else { throw BlobError(reason: "cannot rename into \(target): errno \(errno)") }
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    public func size(of id: String) throws -> Int? {
        guard Self.isID(id), let attributes = try? FileManager.default.attributesOfItem(atPath: path(id)) else { return nil }
        return (attributes[.size] as? NSNumber)?.intValue
    }

    public func part(_ index: Int, of id: String) throws -> [UInt8] {
        guard Self.isID(id), let handle = FileHandle(forReadingAtPath: path(id)) else { throw BlobError(reason: "no blob '\(id)'") }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(index * BlobParts.size))
        return Array(try handle.read(upToCount: BlobParts.size) ?? Data())
    }
}

/// A file being received (an upload's body as it arrives): written to a temporary file while
/// its SHA-256, size and first bytes are taken, so nothing holds the whole file in memory.
/// The temporary file is removed when the value goes away.
public final class BlobUpload: @unchecked Sendable {
    /// The temporary file.
    public let path: String
    private let handle: FileHandle
    private var hash = SHA256()
    /// Bytes received so far.
    public private(set) var size = 0
    /// The first bytes, enough to tell the file's type.
    public private(set) var head: [UInt8] = []

    /// What a finished upload is.
    public struct Received: Sendable {
        public var path: String
        public var sha256: String
        public var size: Int
        public var head: [UInt8]
    }

    public init(in folder: String = NSTemporaryDirectory()) throws {
        path = (folder as NSString).appendingPathComponent("wangge-upload-" + UUID().uuidString)
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw BlobError(reason: "cannot write a temporary file in \(folder)")
        }
        self.handle = handle
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Appends the next bytes.
    public func append(_ bytes: some Collection<UInt8>) throws {
        let chunk = Array(bytes)
        try handle.write(contentsOf: chunk)
        hash.update(data: chunk)
        if head.count < 64 { head += chunk.prefix(64 - head.count) }
        size += chunk.count
    }

    /// Ends the upload; the file stays until this value goes away.
    public func finish() throws -> Received {
        try handle.close()
        return Received(path: path, sha256: Digests.hex(hash.finalize()), size: size, head: head)
    }
}
