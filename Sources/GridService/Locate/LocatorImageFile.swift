import Foundation
import GridGeo
#if canImport(Glibc)
import Glibc
#endif

/// The locator's indexes on disk beside the database (`wangge.db.locator`): built once when
/// areas, buildings or units are imported, and mapped read-only at start instead of being built
/// again — start-up work that does not grow with the map's vertices, and pages shared by every
/// process on the machine that maps the same file.
///
/// Layout: a 64-byte header — `WGLOCATR`, the format version, the store's `locatorVersion` the
/// image was built from, the payload's length and checksum — then the payload
/// (`Locator.write(to:)`). A missing file, another version, another key or a checksum that does
/// not match is never used: the caller builds the locator from the store and writes the file
/// again.
public enum LocatorImageFile {
    static let magic = Array("WGLOCATR".utf8)
    /// Bumped whenever the payload's layout changes.
    static let formatVersion: UInt32 = 1
    static let headerSize = 64
    /// The checksum is folded a chunk at a time when reading (any multiple of 32 bytes gives the same sum).
    static let checksumChunk = 4 << 20

    /// Writes `locator`'s image for store version `key` to `path`, whole or not at all: into a
    /// temporary file beside it, flushed to disk, then renamed over the old one.
    public static func write(_ locator: Locator, key: Int64, to path: String) throws {
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LocatorImageError.unwritable(path: temporary, why: String(cString: strerror(errno))) }
        var closed = false
        defer {
            if !closed { close(fd) }
            unlink(temporary)
        }
        func put(_ bytes: [UInt8], at offset: Int? = nil) throws {
            try bytes.withUnsafeBytes { b in
                var done = 0
                while done < b.count {
                    let n = offset.map { pwrite(fd, b.baseAddress! + done, b.count - done, off_t($0 + done)) }
                        ?? Glibc.write(fd, b.baseAddress! + done, b.count - done)
                    guard n > 0 else { throw LocatorImageError.unwritable(path: temporary, why: String(cString: strerror(errno))) }
                    done += n
                }
            }
        }
        try put([UInt8](repeating: 0, count: headerSize))
        var w = IndexImageWriter { try put($0) }
        try locator.write(to: &w)
        try w.finish()
        try put(header(key: key, length: w.offset, checksum: w.checksum.value), at: 0)
        guard fsync(fd) == 0 else { throw LocatorImageError.unwritable(path: temporary, why: String(cString: strerror(errno))) }
        close(fd)
        closed = true
        guard rename(temporary, path) == 0 else { throw LocatorImageError.unwritable(path: path, why: String(cString: strerror(errno))) }
    }

    static func header(key: Int64, length: Int, checksum: UInt64) -> [UInt8] {
        var h = magic
        withUnsafeBytes(of: formatVersion.littleEndian) { h += $0 }
        h += [0, 0, 0, 0]
        withUnsafeBytes(of: key.littleEndian) { h += $0 }
        withUnsafeBytes(of: Int64(length).littleEndian) { h += $0 }
        withUnsafeBytes(of: checksum.littleEndian) { h += $0 }
        return h + [UInt8](repeating: 0, count: headerSize - h.count)
    }

    /// The locator mapped from `path` if the file is there, whole, and built from store version
    /// `key`; else why not.
    public static func read(path: String, key: Int64) -> Result<Locator, LocatorImageError> {
        do {
            let file = try MappedFile(path: path)
            guard file.count >= headerSize, Array(UnsafeRawBufferPointer(start: file.base, count: 8)) == magic else {
                throw LocatorImageError.corrupt(path: path, why: "not a locator image")
            }
            func field<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T { T(littleEndian: file.base.loadUnaligned(fromByteOffset: offset, as: T.self)) }
            let version = field(8, UInt32.self)
            guard version == formatVersion else { throw LocatorImageError.stale(path: path, why: "format \(version), this wangge reads \(formatVersion)") }
            let built = field(16, Int64.self)
            guard built == key else { throw LocatorImageError.stale(path: path, why: "built from import \(built), the store is at \(key)") }
            let length = Int(field(24, Int64.self))
            guard length >= 0, length == file.count - headerSize else {
                throw LocatorImageError.corrupt(path: path, why: "\(file.count - headerSize) bytes after the header, the header says \(length)")
            }
            // Every page is read once for the checksum, then given back: what stays resident is
            // what lookups touch.
            var sum = IndexImageChecksum()
            var at = headerSize
            while at < file.count {
                let n = Swift.min(checksumChunk, file.count - at)
                sum.fold(UnsafeRawBufferPointer(start: file.base + at, count: n))
                file.release(at..<(at + n))
                at += n
            }
            guard sum.value == field(32, UInt64.self) else { throw LocatorImageError.corrupt(path: path, why: "the checksum does not match") }
            var r = IndexImageReader(base: file.base + headerSize, count: length, owner: file)
            do {
                return .success(try Locator(reading: &r))
            } catch {
                throw LocatorImageError.corrupt(path: path, why: error.description)
            }
        } catch let error as LocatorImageError {
            return .failure(error)
        } catch {
            return .failure(.corrupt(path: path, why: "\(error)"))
        }
    }
}
