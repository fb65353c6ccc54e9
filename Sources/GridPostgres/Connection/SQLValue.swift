import NIOCore
import PostgresNIO

/// A value bound to a query parameter (`$1`, `$2` …).
public enum SQLValue: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case real(Double)
    case boolean(Bool)
    case bytes([UInt8])
    /// A `text[]`, for `= ANY(?)`.
    case texts([String])
    case null

    func bind(into binds: inout PostgresBindings) {
        switch self {
        case .text(let s): binds.append(s)
        case .integer(let n): binds.append(n)
        case .real(let d): binds.append(d)
        case .boolean(let b): binds.append(b)
        case .bytes(let b): binds.append(ByteBuffer(bytes: b))
        case .texts(let t): binds.append(t)
        case .null: binds.appendNull()
        }
    }
}

/// What can be bound to a parameter: strings, numbers, booleans, bytes, and nil for NULL.
public protocol SQLArgument {
    var sqlValue: SQLValue { get }
}

extension SQLValue: SQLArgument { public var sqlValue: SQLValue { self } }
extension String: SQLArgument { public var sqlValue: SQLValue { .text(self) } }
extension Int: SQLArgument { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Int64: SQLArgument { public var sqlValue: SQLValue { .integer(self) } }
extension Double: SQLArgument { public var sqlValue: SQLValue { .real(self) } }
extension Bool: SQLArgument { public var sqlValue: SQLValue { .boolean(self) } }
extension Array: SQLArgument where Element == UInt8 { public var sqlValue: SQLValue { .bytes(self) } }
extension Optional: SQLArgument where Wrapped: SQLArgument { public var sqlValue: SQLValue { self?.sqlValue ?? .null } }
