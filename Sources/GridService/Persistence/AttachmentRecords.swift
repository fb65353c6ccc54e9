import GridModel

/// Attachments' records and the petitions holding them (the bytes are a `BlobStore`'s).
public protocol AttachmentRecords: Sendable {
    func recordAttachment(_ a: Attachment, petition: String?, origin: String?) throws
    func linkAttachments(_ ids: [String], to petition: String, at: Timestamp, by: String) throws
    func attachment(id: String) throws -> Attachment?
    func attachments(of petition: String) throws -> [Attachment]
    func attachmentVisible(_ id: String, scope: PetitionScope) throws -> Bool
    func attachmentIsUnlinked(_ id: String) throws -> Bool
}
