import GridModel

/// A filtered list of petitions, newest first: what a client asks for by ids, categories, a
/// span of receipt and open or closed (Open311's `GET requests`). Both stores run the same
/// conditions (`conditions`), then the caller's scope.
public struct PetitionQuery: Sendable, Equatable {
    /// These petitions only (the other filters still apply).
    public var ids: [String]?
    public var categories: [String]?
    /// Received at or after.
    public var from: Timestamp?
    /// Received at or before.
    public var to: Timestamp?
    /// Open ones only (true), closed ones only (false), or both.
    public var open: Bool?
    /// At most this many, the newest.
    public var limit: Int

    public init(ids: [String]? = nil, categories: [String]? = nil, from: Timestamp? = nil, to: Timestamp? = nil,
                open: Bool? = nil, limit: Int) {
        self.ids = ids
        self.categories = categories
        self.from = from
        self.to = to
        self.open = open
        self.limit = limit
    }

    /// The SQL conditions (with `?` placeholders) and their values, for the `petition` table.
    public var conditions: (sql: [String], arguments: [StoredValue]) {
        var sql: [String] = []
        var arguments: [StoredValue] = []
        func among(_ column: String, _ values: [String]) {
            sql.append(values.isEmpty ? "1 = 0" : "\(column) IN (\(values.map { _ in "?" }.joined(separator: ", ")))")
            arguments += values.map(StoredValue.text)
        }
        if let ids { among("id", ids) }
        if let categories { among("category", categories) }
        if let from { sql.append("received_epoch >= ?"); arguments.append(.integer(from.seconds)) }
        if let to { sql.append("received_epoch <= ?"); arguments.append(.integer(to.seconds)) }
        if let open { sql.append("status \(open ? "NOT IN" : "IN") (\(PetitionRecord.closedStatusList))") }
        if sql.isEmpty { sql.append("1 = 1") }
        return (sql, arguments)
    }
}
