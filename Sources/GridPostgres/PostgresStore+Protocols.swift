import GridService

/// What the PostgreSQL store implements so far: the registry and access.
extension PostgresStore: RegistryStore, AccessStore {}
