import GridModel
import GridStore

// The persistence the case loop added needs, as protocols this target owns: the SQLite store
// implements them today; another store (PostgreSQL) implements the same.

/// Notices in the order they were written.
public protocol NoticeStore: Sendable {
    func notices(after id: Int64, limit: Int) throws -> [DeskNotice]
    func lastNoticeID() throws -> Int64
}

/// Webhooks, the cursor of notices handed to them, and their delivery log.
public protocol HookStore: NoticeStore {
    func insertHook(_ h: Webhook, secret: String, by actor: String) throws
    func removeHook(id: String, at: Timestamp, by actor: String) throws -> Bool
    func hooks() throws -> [(hook: Webhook, secret: String)]
    func queueDeliveries(now: Int64) throws -> Int
    func dueDeliveries(now: Int64, limit: Int) throws -> [Webhook.Delivery]
    func recordAttempt(delivery id: Int64, at: Timestamp, status: Int?, error: String?, delivered: Bool, retryAt: Int64?) throws
    func deliveries(hook: String?, limit: Int) throws -> [Webhook.Delivery]
    func notice(id: Int64) throws -> DeskNotice?
    func units() throws -> [ResponsibleUnit]
}

/// Attachments' records and the petitions holding them (the bytes are a `BlobStore`'s).
public protocol AttachmentRecords: Sendable {
    func recordAttachment(_ a: Attachment, petition: String?, origin: String?) throws
    func linkAttachments(_ ids: [String], to petition: String, at: Timestamp, by: String) throws
    func attachment(id: String) throws -> Attachment?
    func attachments(of petition: String) throws -> [Attachment]
    func attachmentVisible(_ id: String, scope: PetitionScope) throws -> Bool
    func attachmentIsUnlinked(_ id: String) throws -> Bool
}

extension GridStore: NoticeStore, HookStore, AttachmentRecords {}
