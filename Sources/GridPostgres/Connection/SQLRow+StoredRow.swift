import GridService

// The records both stores share (`PetitionRecord`) bind and read through this store's types.

extension SQLRow: StoredRow {}

extension StoredValue: SQLArgument {
    public var sqlValue: SQLValue {
        switch self {
        case .text(let s): .text(s)
        case .integer(let n): .integer(n)
        case .real(let d): .real(d)
        case .bytes(let b): .bytes(b)
        case .null: .null
        }
    }
}
