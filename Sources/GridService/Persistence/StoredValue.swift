/// A value in a stored record's column, as both stores bind it and read it back.
public enum StoredValue: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case real(Double)
    /// Bytes: geometry as WKB (a copy moves it between stores).
    case bytes([UInt8])
    case null

    public init(_ s: String?) { self = s.map { .text($0) } ?? .null }
    public init(_ n: Int?) { self = n.map { .integer(Int64($0)) } ?? .null }
    public init(_ n: Int64?) { self = n.map { .integer($0) } ?? .null }
    public init(_ d: Double?) { self = d.map { .real($0) } ?? .null }
    public init(_ b: Bool) { self = .integer(b ? 1 : 0) }
}

/// A result row as a store reads it back, by column position; NULL reads as nil.
public protocol StoredRow {
    func string(_ i: Int) -> String?
    func int(_ i: Int) -> Int?
    func double(_ i: Int) -> Double?
    func bytes(_ i: Int) -> [UInt8]?
}
