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
    /// record without its file. The file is read from where it was received, a part at a time.
    /// - Returns: the attachment, or nil when the petition is not one the caller may see.
    public func attach(_ file: BlobUpload.Received, declared: String?, to petition: String?, by caller: Caller,
                       maxBytes: Int = PetitionDesk.defaultMaxAttachmentBytes) throws -> Attachment? {
        if let petition {
            try caller.require(.postEvents)
            let registry = try registries.current()
            guard try store.petition(id: petition, scope: caller.petitionScope(sensitive: registry.sensitiveCategories)) != nil else { return nil }
        } else {
            try caller.require(.takePetitions)
        }
        guard file.size <= maxBytes else { throw Self.tooLarge(file.size, maxBytes) }
        let declaredType = declared.flatMap { Attachment.MediaType(rawValue: $0.split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces).lowercased() } ?? "") }
        guard let declaredType else {
            throw DeskError.unsupportedMedia("Content-Type \(declared.map { "'\($0)'" } ?? "missing"): a petition may carry \(Self.attachmentTypes.joined(separator: ", "))")
        }
        guard let sniffed = Attachment.MediaType.sniff(file.head), declaredType.matches(sniffed) else {
            throw DeskError.unsupportedMedia("the bytes are not \(declaredType.rawValue)\(Attachment.MediaType.sniff(file.head).map { " (they look like \($0.rawValue))" } ?? " nor any type a petition may carry")")
        }
        let a = Attachment(id: file.sha256, type: declaredType, size: file.size, createdAt: clock(), createdBy: caller.actor)
        try blobs.put(file: file.path, id: a.id)
        try attachmentRecords.recordAttachment(a, petition: petition, origin: caller.origin)
        return a
    }

    /// The same for bytes already in memory (small files, tests).
    public func attach(_ bytes: [UInt8], declared: String?, to petition: String?, by caller: Caller,
                       maxBytes: Int = PetitionDesk.defaultMaxAttachmentBytes) throws -> Attachment? {
        guard bytes.count <= maxBytes else { throw Self.tooLarge(bytes.count, maxBytes) }
        let upload = try BlobUpload()
        try upload.append(bytes)
        return try attach(upload.finish(), declared: declared, to: petition, by: caller, maxBytes: maxBytes)
    }

    /// The answer to a file larger than attachments may be.
    public static func tooLarge(_ size: Int, _ maxBytes: Int) -> DeskError {
        DeskError.tooLarge("the file has \(size) bytes; attachments may have at most \(maxBytes)")
    }

    /// An attachment to be read: its record and its bytes a part at a time.
    public struct AttachmentContent: Sendable {
        public var record: Attachment
        /// The stored size (the record's, checked against the blob's).
        public var size: Int
        let blobs: any BlobStore

        public var partCount: Int { BlobParts.count(ofSize: size) }
        public func part(_ index: Int) throws -> [UInt8] { try blobs.part(index, of: record.id) }
        /// The whole file in memory: small files and tests only.
        public func bytes() throws -> [UInt8] { try (0..<partCount).flatMap { try part($0) } }
    }

    /// An attachment, when the caller may see a petition holding it (or uploaded it and it is
    /// not yet attached); nil otherwise, exactly as for a missing one. Every read is audited.
    public func attachment(id: String, for caller: Caller) throws -> AttachmentContent? {
        try caller.require(.readPetitions)
        let registry = try registries.current()
        let visible = try attachmentRecords.attachmentVisible(id, scope: caller.petitionScope(sensitive: registry.sensitiveCategories))
        guard let record = try attachmentRecords.attachment(id: id) else { return nil }
        let unlinked = try attachmentRecords.attachmentIsUnlinked(id)
        let ownUpload = record.createdBy == caller.actor && unlinked
        guard visible || ownUpload, let size = try blobs.size(of: id) else { return nil }
        try store.recordAudit(at: clock(), actor: caller.actor, action: "read.attachment", target: id, origin: caller.origin, detail: nil)
        return AttachmentContent(record: record, size: size, blobs: blobs)
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
