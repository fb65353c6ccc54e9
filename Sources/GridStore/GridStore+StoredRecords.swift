import GridService

// The records both stores share (`PetitionRecord`) bind and read through SQLite's own types.

extension StoredValue: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue {
        switch self {
        case .text(let s): .text(s)
        case .integer(let n): .integer(n)
        case .real(let d): .real(d)
        case .bytes(let b): .blob(b)
        case .null: .null
        }
    }
}

extension Statement: StoredRow {
    public func bytes(_ i: Int) -> [UInt8]? { blob(i) }
}
