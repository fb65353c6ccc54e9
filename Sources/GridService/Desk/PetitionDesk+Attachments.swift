import Foundation
import GridModel

extension PetitionDesk {
    /// Where attachments' records are kept (the bytes: `blobs`).
    var attachmentRecords: any AttachmentRecords { store }

    /// Types a petition may carry, by the Content-Type a client declares.
    public static let attachmentTypes = Attachment.MediaType.allCases.map(\.rawValue)

    /// Stores a file and, when `petition` is given, attaches it to that petition. The type is
    /// checked from the bytes (a JPEG declared as PDF, or a file of no allowed kind, is refused);
    /// the bytes go to the blob store first and the record after, so a crash never leaves a
    /// record without its file.
    /// - Returns: the attachment, or nil when the petition is not one the caller may see.
    public func attach(_ bytes: [UInt8], declared: String?, to petition: String?, by caller: Caller,
                       maxBytes: Int = PetitionDesk.defaultMaxAttachmentBytes) throws -> Attachment? {
        if let petition {
            try caller.require(.postEvents)
            let registry = try registries.current()
            guard try store.petition(id: petition, scope: caller.petitionScope(sensitive: registry.sensitiveCategories)) != nil else { return nil }
        } else {
            try caller.require(.takePetitions)
        }
        guard bytes.count <= maxBytes else {
            throw DeskError.tooLarge("the file has \(bytes.count) bytes; attachments may have at most \(maxBytes)")
        }
        let declaredType = declared.flatMap { Attachment.MediaType(rawValue: $0.split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces).lowercased() } ?? "") }
        guard let declaredType else {
            throw DeskError.unsupportedMedia("Content-Type \(declared.map { "'\($0)'" } ?? "missing"): a petition may carry \(Self.attachmentTypes.joined(separator: ", "))")
        }
        guard let sniffed = Attachment.MediaType.sniff(bytes), declaredType.matches(sniffed) else {
            throw DeskError.unsupportedMedia("the bytes are not \(declaredType.rawValue)\(Attachment.MediaType.sniff(bytes).map { " (they look like \($0.rawValue))" } ?? " nor any type a petition may carry")")
        }
        let a = Attachment(id: Digests.sha256(bytes), type: declaredType, size: bytes.count, createdAt: clock(), createdBy: caller.actor)
        try blobs.put(bytes, id: a.id)
        try attachmentRecords.recordAttachment(a, petition: petition, origin: caller.origin)
        return a
    }

    /// The bytes of an attachment and its record, when the caller may see a petition holding it
    /// (or uploaded it and it is not yet attached); nil otherwise, exactly as for a missing one.
    /// Every read is audited.
    public func attachment(id: String, for caller: Caller) throws -> (Attachment, [UInt8])? {
        try caller.require(.readPetitions)
        let registry = try registries.current()
        let visible = try attachmentRecords.attachmentVisible(id, scope: caller.petitionScope(sensitive: registry.sensitiveCategories))
        guard let record = try attachmentRecords.attachment(id: id) else { return nil }
        let unlinked = try attachmentRecords.attachmentIsUnlinked(id)
        let ownUpload = record.createdBy == caller.actor && unlinked
        guard visible || ownUpload, let bytes = try blobs.get(id) else { return nil }
        try store.recordAudit(at: clock(), actor: caller.actor, action: "read.attachment", target: id, origin: caller.origin, detail: nil)
        return (record, bytes)
    }

    /// Checks attachment ids named in a request (intake, evidence): each must exist.
    func checkAttachments(_ ids: [String], field: String) throws {
        for id in ids where try attachmentRecords.attachment(id: id) == nil {
            throw DeskError.invalid([FieldProblem(field: field, reason: "no attachment '\(id)': upload it first (POST /attachments)")])
        }
    }

    /// 20 MiB: a phone photo or a minute of video; `wangge serve --max-attachment-mb` changes it.
    public static let defaultMaxAttachmentBytes = 20 << 20
}
