/// A file attached to a petition (a photo of the burst pipe, a recording of the call, a PDF
/// of the reply): stored once by its SHA-256, which is its id; the bytes live in a blob store,
/// the record in the database.
public struct Attachment: Sendable, Equatable {
    /// The SHA-256 of the bytes, 64 hex digits.
    public var id: String
    public var type: MediaType
    public var size: Int
    public var createdAt: Timestamp
    /// The token that uploaded it.
    public var createdBy: String

    public init(id: String, type: MediaType, size: Int, createdAt: Timestamp, createdBy: String) {
        self.id = id
        self.type = type
        self.size = size
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// The kinds of file a petition may carry, each recognised from its first bytes.
    public enum MediaType: String, Sendable, CaseIterable {
        case jpeg = "image/jpeg", png = "image/png", webp = "image/webp", mp3 = "audio/mpeg", m4a = "audio/mp4",
             mp4 = "video/mp4", pdf = "application/pdf"

        /// What the bytes are, by their signature (magic number); nil when none of these.
        /// MP4 audio and video share the ISO container: `ftyp` names either, so both sniff as
        /// the container and `matches` accepts either declared type for it.
        public static func sniff(_ b: some Collection<UInt8>) -> MediaType? {
            let h = Array(b.prefix(12))
            func at(_ i: Int, _ s: [UInt8]) -> Bool { h.count >= i + s.count && Array(h[i..<(i + s.count)]) == s }
            if at(0, [0xFF, 0xD8, 0xFF]) { return .jpeg }
            if at(0, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
            if at(0, Array("RIFF".utf8)), at(8, Array("WEBP".utf8)) { return .webp }
            if at(0, Array("%PDF-".utf8)) { return .pdf }
            if at(4, Array("ftyp".utf8)) { return .mp4 }
            if at(0, Array("ID3".utf8)) || (h.count >= 2 && h[0] == 0xFF && h[1] & 0xE0 == 0xE0) { return .mp3 }
            return nil
        }

        /// Whether bytes that sniff as `sniffed` may be stored as `self`.
        public func matches(_ sniffed: MediaType) -> Bool {
            self == sniffed || (sniffed == .mp4 && self == .m4a)
        }
    }
}
