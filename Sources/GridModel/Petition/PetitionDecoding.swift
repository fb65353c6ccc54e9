import GridGeo

/// Turns petition records (history files) into petitions, with every problem of a record.
public enum PetitionDecoding {
    /// A petition from an older system, with the events its recorded milestones make.
    public struct HistoryRecord: Sendable {
        public var petition: Petition
        public var events: [PetitionEvent]
    }

    /// A petition feature of a history file: Point geometry in WGS-84, or null with an address,
    /// and optionally its milestones (`unit`, `dispatched_at`, `replied_at`, `resolved_at`,
    /// `closed_at`, `rating`, `outcome`, `callback`), which become its events. The placement
    /// and deadlines are left for the importer; an absent `id` is derived from the record's
    /// content, so importing the same file twice gives the same ids.
    /// - Parameters:
    ///   - categories: the known category codes (nil: any code is accepted).
    ///   - units: the known unit ids (nil: any id is accepted).
    public static func history(_ f: Feature, categories: [String]? = nil, units: Set<String>? = nil) -> (HistoryRecord?, [FieldProblem]) {
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
        let unit = r.string("unit")
        if let unit, let units, !units.contains(unit) { r.problem("unit", "'\(unit)' is not a known unit") }
        let difficulty = r.int("difficulty", range: 1...9)
        let rating: Petition.Rating? = f.properties["rating"] == nil ? nil : r.choice("rating")
        let outcome: Petition.Outcome? = f.properties["outcome"] == nil ? nil : r.choice("outcome")
        let callback = r.bool("callback") ?? false
        // Milestones in the order a case passes them; each must not come before the last.
        let steps: [(key: String, action: PetitionEvent.Action, to: Petition.Status)] = [
            ("dispatched_at", .dispatch, .dispatched), ("replied_at", .reply, .replied),
            ("resolved_at", .resolve, .resolved), ("closed_at", rating == nil ? .close : .evaluate, .closed)]
        var milestones: [(action: PetitionEvent.Action, to: Petition.Status, at: Timestamp)] = []
        var last = receivedAt
        for step in steps where f.properties[step.key] != nil && f.properties[step.key] != .null {
            guard let at = r.timestamp(step.key) else { continue }
            if let l = last, at < l { r.problem(step.key, "\(at) comes before the step before it (\(l))") }
            last = at
            milestones.append((step.action, step.to, at))
        }
        guard r.problems.isEmpty, let receivedAt, let channel, let kind, let urgency, let status else { return (nil, r.problems) }
        let derived = id ?? contentID(receivedAt: receivedAt, text: text, address: address, location: location)
        var p = Petition(id: derived, receivedAt: receivedAt, channel: channel, kind: kind, category: category,
                         urgency: urgency, text: text, address: address, location: location, status: status)
        p.unit = unit
        p.difficulty = difficulty
        p.callback = callback
        var events = [PetitionEvent(sequence: 1, at: receivedAt, actor: "history", action: .receive, from: nil, to: .received)]
        for m in milestones {
            var e = PetitionEvent(sequence: events.count + 1, at: m.at, actor: "history", action: m.action, from: events.last!.to, to: m.to)
            switch m.action {
            case .dispatch: e.details["unit"] = unit
            case .resolve: e.details["outcome"] = outcome?.rawValue
            case .evaluate: e.details["rating"] = rating?.rawValue
            default: break
            }
            events.append(e)
            switch m.action {
            case .dispatch: p.dispatchedAt = m.at
            case .reply: p.firstReplyAt = m.at
            case .resolve: p.resolvedAt = m.at
            default: p.closedAt = m.at
            }
        }
        p.rating = rating
        p.outcome = outcome
        return (HistoryRecord(petition: p, events: events), [])
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
