#if canImport(Glibc)
import Glibc
#endif

/// Why a locator image was not used (or could not be written).
public enum LocatorImageError: Error, Sendable, CustomStringConvertible {
    case unreadable(path: String, why: String)
    case stale(path: String, why: String)
    case corrupt(path: String, why: String)
    case unwritable(path: String, why: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let why): "\(path): cannot be read (\(why))"
        case .stale(let path, let why): "\(path): out of date (\(why))"
        case .corrupt(let path, let why): "\(path): damaged (\(why))"
        case .unwritable(let path, let why): "\(path): cannot be written (\(why))"
        }
    }

    /// Whether the file is simply not there (no log line is owed for that on a first start).
    public var isMissing: Bool {
        if case .unreadable(_, let why) = self { return why == String(cString: strerror(ENOENT)) }
        return false
    }
}
