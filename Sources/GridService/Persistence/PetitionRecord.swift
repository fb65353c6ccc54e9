import GridGeo
import GridModel

/// The stored form of a petition and of its events — the columns every store keeps them in and
/// how a petition becomes their values and back — in one place, so that the SQLite file and
/// PostgreSQL hold the very same record.
public enum PetitionRecord {
    /// The petition table's columns, in the order of `values(of:)`; a row read back has the
    /// point's longitude and latitude after them.
    public static let columns = """
        id, received_at, received_epoch, channel, kind, category, urgency, text, address, status, building_id,
        province_id, city_id, district_id, street_id, community_id, grid_id, resolve_by, resolve_by_epoch,
        household_id, location_crs, contact_name, contact_phone, difficulty, boundary_version,
        dispatch_by, first_reply_by, unit_id, assisting_units, rule_id, rule_reason,
        dispatched_at, first_reply_at, resolved_at, closed_at, rating, outcome, round, callback, duplicate_of,
        reject_reason, warned, case_state, contact_key, warn_at_epoch
        """
    public static let columnCount = 45

    /// The values of `columns`, then the point's longitude and latitude (nil without a location).
    public static func values(of p: Petition) -> [StoredValue] {
        let a = p.placement
        let assisting = JSONValue.array(p.assistingUnits.map { .string($0) }).jsonText
        return [
            .init(p.id), .init(p.receivedAt.description), .init(p.receivedAt.seconds), .init(p.channel.rawValue), .init(p.kind.rawValue),
            .init(p.category), .init(p.urgency.rawValue), .init(p.text), .init(p.address), .init(p.status.rawValue), .init(p.building),
            .init(a[.province]), .init(a[.city]), .init(a[.district]), .init(a[.street]), .init(a[.community]), .init(a[.grid]),
            .init(p.resolveBy?.description), .init(p.resolveBy?.seconds),
            .init(p.household), .init(p.location == nil ? nil : p.crs.rawValue), .init(p.contact?.name), .init(p.contact?.phone),
            .init(p.difficulty), .init(p.boundaryVersion), .init(p.dispatchBy?.description), .init(p.firstReplyBy?.description),
            .init(p.unit), .init(assisting), .init(p.ruleID), .init(p.ruleReason), .init(p.dispatchedAt?.description),
            .init(p.firstReplyAt?.description), .init(p.resolvedAt?.description), .init(p.closedAt?.description),
            .init(p.rating?.rawValue), .init(p.outcome?.rawValue), .init(p.round), .init(p.callback), .init(p.duplicateOf),
            .init(p.rejectReason), .init(p.warned), .init(p.caseState.isEmpty ? nil : p.caseState.json.jsonText), .init(p.contactKey),
            .init(p.nextWarningAt?.seconds), .init(p.location?.lon), .init(p.location?.lat),
        ]
    }

    /// A petition from a row of `columns` followed by the point's longitude and latitude.
    public static func petition(from s: some StoredRow) -> Petition {
        var placement = AreaPlacement()
        for (k, level) in AreaLevel.allCases.enumerated() { placement[level] = s.string(11 + k) }
        let location = s.double(45).flatMap { lon in s.double(46).map { Coordinate(lon: lon, lat: $0) } }
        var p = Petition(id: s.string(0) ?? "", receivedAt: timestamp(s.string(1), s.int(2).map(Int64.init)) ?? Timestamp(seconds: 0),
                         channel: Petition.Channel(rawValue: s.string(3) ?? "") ?? .hotline,
                         kind: Petition.Kind(rawValue: s.string(4) ?? "") ?? .request,
                         category: s.string(5) ?? "", urgency: Petition.Urgency(rawValue: s.string(6) ?? "") ?? .normal,
                         text: s.string(7) ?? "", address: s.string(8), location: location,
                         status: Petition.Status(rawValue: s.string(9) ?? "") ?? .received, building: s.string(10),
                         placement: placement, resolveBy: timestamp(s.string(17), s.int(18).map(Int64.init)))
        p.household = s.string(19)
        p.crs = s.string(20).flatMap(CoordinateSystem.init(rawValue:)) ?? .wgs84
        if s.string(21) != nil || s.string(22) != nil { p.contact = PetitionIntake.Contact(name: s.string(21), phone: s.string(22)) }
        p.difficulty = s.int(23)
        p.boundaryVersion = s.int(24).map(Int64.init)
        p.dispatchBy = timestamp(s.string(25))
        p.firstReplyBy = timestamp(s.string(26))
        p.unit = s.string(27)
        p.assistingUnits = (json(s.string(28))?.arrayValue ?? []).compactMap(\.stringValue)
        p.ruleID = s.string(29)
        p.ruleReason = s.string(30)
        p.dispatchedAt = timestamp(s.string(31))
        p.firstReplyAt = timestamp(s.string(32))
        p.resolvedAt = timestamp(s.string(33))
        p.closedAt = timestamp(s.string(34))
        p.rating = s.string(35).flatMap(Petition.Rating.init(rawValue:))
        p.outcome = s.string(36).flatMap(Petition.Outcome.init(rawValue:))
        p.round = s.int(37) ?? 1
        p.callback = (s.int(38) ?? 0) != 0
        p.duplicateOf = s.string(39)
        p.rejectReason = s.string(40)
        p.warned = s.int(41) ?? 0
        if let state = json(s.string(42)) { p.caseState = CaseState(json: state) }
        p.contactKey = s.string(43)
        // 44, the warning time, follows from the rest.
        return p
    }

    /// The petition table's columns the heat-map ledger reads, in the order of `ledgerEntry(from:)`;
    /// a row read back has the point's longitude and latitude after them.
    public static let ledgerColumns = "received_epoch, category, status, resolve_by_epoch, province_id, city_id, district_id, street_id, community_id, grid_id"

    public static func ledgerEntry(from s: some StoredRow) -> PetitionLedger.Entry {
        var placement = AreaPlacement()
        for (k, level) in AreaLevel.allCases.enumerated() { placement[level] = s.string(4 + k) }
        return PetitionLedger.Entry(receivedAt: Int64(s.int(0) ?? 0), location: s.double(10).flatMap { lon in s.double(11).map { Coordinate(lon: lon, lat: $0) } },
                                    category: s.string(1) ?? "", status: Petition.Status(rawValue: s.string(2) ?? "") ?? .received,
                                    resolveBy: s.int(3).map(Int64.init), placement: placement)
    }

    /// The event table's columns as read back by `event(from:)`.
    public static let eventColumns = "seq, at, actor, action, from_status, to_status, at_epoch, note, details"
    /// The event table's columns in the order of `values(of:petition:)`.
    public static let eventInsertColumns = "petition_id, seq, at, at_epoch, actor, action, from_status, to_status, note, details"

    public static func values(of e: PetitionEvent, petition id: String) -> [StoredValue] {
        let details = JSONValue.object(JSONObject(e.details.sorted { $0.key < $1.key }.map { (key: $0.key, value: .string($0.value)) }))
        return [.init(id), .init(e.sequence), .init(e.at.description), .init(e.at.seconds), .init(e.actor), .init(e.action.rawValue),
                .init(e.from?.rawValue), .init(e.to.rawValue), .init(e.note), .init(details.jsonText)]
    }

    public static func event(from s: some StoredRow) -> PetitionEvent {
        var details: [String: String] = [:]
        for (k, v) in json(s.string(8))?.objectValue ?? JSONObject() { details[k] = v.stringValue }
        return PetitionEvent(sequence: s.int(0) ?? 0, at: timestamp(s.string(1)) ?? Timestamp(seconds: 0), actor: s.string(2) ?? "",
                             action: PetitionEvent.Action(rawValue: s.string(3) ?? "") ?? .note,
                             from: s.string(4).flatMap(Petition.Status.init(rawValue:)),
                             to: Petition.Status(rawValue: s.string(5) ?? "") ?? .received, note: s.string(7), details: details)
    }

    /// A stored time: the text keeps the offset; the epoch column, when given, is the instant.
    public static func timestamp(_ text: String?, _ seconds: Int64? = nil) -> Timestamp? {
        if let text, case .success(let t) = Timestamp.parse(text) { return t }
        return seconds.map { Timestamp(seconds: $0) }
    }

    public static func json(_ text: String?) -> JSONValue? {
        guard let text else { return nil }
        return try? JSONParser.parse(text)
    }

    /// The statuses of finished cases as an SQL list literal: the model's `Status.isOpen`
    /// decides, not a list restated in a store.
    public static let closedStatusList = Petition.Status.allCases.filter { !$0.isOpen }.map { "'\($0.rawValue)'" }.joined(separator: ", ")
}
