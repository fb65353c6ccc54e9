/// Everything Wangge keeps, as one deployment's store implements it: the embedded SQLite/
/// SpatiaLite file (`GridStore`) by default. The services hold `any WanggeStore` and never
/// know which; only the executable picks one.
public protocol WanggeStore: RegistryStore, PetitionStore, AccessStore, WarningStore, FeatureStore, HookStore, AttachmentRecords {
    /// Where it is: a database file's path. Files kept beside the database (attachments, the
    /// contact key) are named from it.
    var path: String { get }
    func storedSchemaVersion() throws -> Int
    /// Bumped by every write; snapshots that follow the store recheck against it.
    func changeStamp() throws -> Int64
    /// Rows per table.
    func counts() throws -> [String: Int]
    /// The key that turns callers' phones into keyed hashes: made once, the same for every
    /// process using the store (`ContactKeys`).
    func contactKey() throws -> [UInt8]
    /// Where attachments' bytes go unless a deployment names another place.
    func defaultBlobStore() -> any BlobStore
    /// Where the locator's image is kept (`LocatorImageFile`): beside a database file, or in the
    /// machine's cache folder for a database on a server; nil: the locator is built in memory.
    var locatorImagePath: String? { get }

    /// Every row of a table, in key order, as `StoreTables` says its kinds read (`wangge copy`).
    func rows(of table: StoreTables.Table) throws -> [[StoredValue]]
    /// Writes whole tables, in the order given, into this store in one transaction; refused
    /// unless every one of them is empty (a copy never mixes two deployments).
    func load(_ tables: [(table: StoreTables.Table, rows: [[StoredValue]])]) throws
    /// Takes another store's contact key as its own; refused if it already has a different one.
    func adoptContactKey(_ key: [UInt8]) throws
    /// Announcements of changes made by any process, when the store can send them (PostgreSQL);
    /// nil where caches must ask for stamps (SQLite).
    var changeFeed: StoreChangeFeed? { get }
}

extension WanggeStore {
    public var changeFeed: StoreChangeFeed? { nil }
}
