import GridService
/// Why the store refused to open or write.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The file was written by a newer Wangge.
    case schemaTooNew(path: String, found: Int, supported: Int)
    /// The file is an SQLite database, but not one of Wangge's.
    case foreignDatabase(path: String, tables: [String])
    case database(DatabaseError)
    /// A query asked for something the layer does not have.
    case invalidQuery(String)

    public var description: String {
        switch self {
        case .schemaTooNew(let path, let found, let supported):
            "\(path) has schema version \(found), but this wangge supports up to \(supported): upgrade wangge to open it (the file was left untouched)"
        case .foreignDatabase(let path, let tables):
            "\(path) is an SQLite database but not a Wangge one (it has tables \(tables.prefix(5).joined(separator: ", "))…); choose another --db path"
        case .database(let e):
            e.description
        case .invalidQuery(let why):
            why
        }
    }
}
