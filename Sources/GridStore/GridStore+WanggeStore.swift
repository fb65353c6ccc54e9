import GridService

/// The embedded store is one implementation of everything the services keep.
extension GridStore: WanggeStore {
    /// The key in a file beside the database (`wangge.db.key`, 0600).
    public func contactKey() throws -> [UInt8] { try ContactKeys(besideDatabase: path).key }

    /// A folder beside the database (`wangge.db.attachments`).
    public func defaultBlobStore() -> any BlobStore { FolderBlobStore(besideDatabase: path) }
    public var locatorImagePath: String? { path + ".locator" }
}
