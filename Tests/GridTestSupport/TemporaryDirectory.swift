import Foundation
import Synchronization

/// A fresh directory under the system temp folder, removed when released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init() {
        var template = Array((NSTemporaryDirectory() + "/wangge-test-XXXXXX").utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = p.map { String(cString: $0) } ?? NSTemporaryDirectory() + "/wangge-test-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A directory kept until the test process ends: for a store a helper returns, which writes
    /// files beside its database (attachments, the contact key) long after the helper is done.
    public static func lasting() -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        kept.withLock { $0.append(dir) }
        return dir
    }

    private static let kept = Mutex<[TemporaryDirectory]>([])

    /// A path inside the directory.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Writes text to a file inside the directory and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        let p = file(name)
        _ = FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
        return p
    }
}
