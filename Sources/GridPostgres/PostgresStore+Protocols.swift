import GridService

/// The PostgreSQL store implements everything the services keep, as the SQLite file does.
extension PostgresStore: WanggeStore {}
