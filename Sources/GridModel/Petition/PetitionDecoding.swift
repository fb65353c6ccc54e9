import GridGeo

/// Turns petition records (history files) into petitions, with every problem of a record.
public enum PetitionDecoding {
    /// A petition feature of a history file: Point geometry in WGS-84, or null with an address.
    /// The placement and deadline are left empty for the desk to compute; an absent `id` is
    /// derived from the record's content, so importing the same file twice gives the same ids.
    /// - Parameter categories: the known category codes (nil: any code is accepted).
    public static func history(_ f: Feature, categories: [String]? = nil) -> (Petition?, [FieldProblem]) {
        var r = FieldReader(f.properties)
        let id = r.string("id") ?? f.id
        let receivedAt = r.timestamp("received_at")
        let channel: Petition.Channel? = r.choice("channel")
        let kind: Petition.Kind? = r.choice("kind")
        let category = r.requiredString("category")
        if let categories, !category.isEmpty, !categories.contains(category) {
            r.problem("category", categories.isEmpty ? "'\(category)' is unknown: import categories first"
                : "'\(category)' is not a known category (\(categories.prefix(20).joined(separator: ", ")))")
        }
        let urgency: Petition.Urgency? = r.choice("urgency", fallback: .normal)
        let text = r.requiredString("text")
        let status: Petition.Status? = r.choice("status", fallback: .received)
        let address = r.string("address")
        var location: Coordinate?
        switch f.geometry {
        case nil:
            if address == nil { r.problem("geometry", "a petition needs a Point or an address; this one has neither") }
        case .point(let c)?: location = c
        case let g?: r.problem("geometry", "a petition's place is a Point, found \(g.typeName)")
        }
        guard r.problems.isEmpty, let receivedAt, let channel, let kind, let urgency, let status else { return (nil, r.problems) }
        let derived = id ?? contentID(receivedAt: receivedAt, text: text, address: address, location: location)
        return (Petition(id: derived, receivedAt: receivedAt, channel: channel, kind: kind, category: category,
                         urgency: urgency, text: text, address: address, location: location, status: status), [])
    }

    /// "H" and 16 hex digits of an FNV-1a hash of what the record says.
    static func contentID(receivedAt: Timestamp, text: String, address: String?, location: Coordinate?) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        let key = "\(receivedAt.seconds)|\(text)|\(address ?? "")|\(location.map { "\($0.lon),\($0.lat)" } ?? "")"
        for byte in key.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hex = String(h, radix: 16)
        return "H" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
