import GridGeo
import GridModel

extension PetitionDesk.Record {
    /// The stored petition as returned: what was posted, plus `id`, `status`,
    /// `received_at`, `placement` (as stored at intake, WGS-84, with the boundary version),
    /// `unit`, `assisting_units`, `rule`, `deadlines` and `events`.
    /// - Parameter personalData: show the contact whole; else it is masked, and so are the
    ///   phone and ID numbers petitioners type into their text.
    public func json(registry: DeskRegistry, personalData: Bool = false) -> JSONValue {
        let p = petition
        // Every free-text field: people write phone and ID numbers into all of them.
        func shown(_ s: String) -> JSONValue { .string(personalData ? s : PersonalDataMask.text(s)) }
        func time(_ t: Timestamp?) -> JSONValue { t.map { .string($0.description) } ?? .null }
        func unitRef(_ id: String?) -> JSONValue {
            guard let id else { return .null }
            // A unit since removed from the registry keeps its id.
            return registry.units[id].map(AreaDirectory.json) ?? .object(JSONObject([("id", .string(id)), ("name", .null), ("level", .null)]))
        }
        let placement: JSONValue = .object(JSONObject([
            ("point", p.location.map { .array([.number($0.lon), .number($0.lat)]) } ?? .null),
            ("crs", "wgs84"),
            ("building", p.building.map { .object(JSONObject([("id", .string($0))])) } ?? .null),
            ("household", p.household.map { .object(JSONObject([("id", .string($0))])) } ?? .null),
            ("areas", registry.areas.json(p.placement)),
            ("units", .array(registry.areas.units(for: p.placement).map(AreaDirectory.json))),
            ("boundary_version", p.boundaryVersion.map { .number(Double($0)) } ?? .null),
        ]))
        var contact: JSONValue = .null
        if let c = p.contact {
            contact = .object(JSONObject([("name", c.name.map { .string(personalData ? $0 : PersonalDataMask.name($0)) } ?? .null),
                                          ("phone", c.phone.map { .string(personalData ? $0 : PersonalDataMask.phone($0)) } ?? .null)]))
        }
        var o = JSONObject([
            ("id", .string(p.id)), ("status", .string(p.status.rawValue)), ("received_at", .string(p.receivedAt.description)),
            ("channel", .string(p.channel.rawValue)), ("kind", .string(p.kind.rawValue)), ("category", .string(p.category)),
            ("urgency", .string(p.urgency.rawValue)), ("text", shown(p.text)),
            ("address", p.address.map(shown) ?? .null),
            ("location", p.location.map { _ in
                // As given: the stored point is WGS-84; convert back to the caller's system.
                // (7 decimals, 1 cm: the conversion's round trip is not exact to the last digit.)
                let given = p.crs.fromWGS84(p.location!)
                func cm(_ v: Double) -> JSONValue { .number((v * 1e7).rounded() / 1e7) }
                return .object(JSONObject([("lon", cm(given.lon)), ("lat", cm(given.lat)), ("crs", .string(p.crs.rawValue))]))
            } ?? .null),
            ("contact", contact),
            ("difficulty", p.difficulty.map { .number(Double($0)) } ?? .null),
            ("placement", placement),
            ("unit", unitRef(p.unit)),
            ("assisting_units", .array(p.assistingUnits.map(unitRef))),
            ("rule", p.ruleID.map { .object(JSONObject([("id", .string($0)), ("reason", p.ruleReason.map(JSONValue.string) ?? .null)])) } ?? .null),
            ("deadlines", .object(JSONObject([("dispatch", time(p.dispatchBy)), ("first_reply", time(p.firstReplyBy)), ("resolve", time(p.resolveBy))]))),
            ("round", .number(Double(p.round))),
            ("rating", p.rating.map { .string($0.rawValue) } ?? .null),
            ("outcome", p.outcome.map { .string($0.rawValue) } ?? .null),
            ("callback", .bool(p.callback)),
            ("duplicate_of", p.duplicateOf.map(JSONValue.string) ?? .null),
            ("reject_reason", p.rejectReason.map(shown) ?? .null),
            ("supervisions", .array(p.caseState.supervisions.map { s in
                .object(JSONObject([("level", .number(Double(s.level))), ("level_name", .string(CaseState.Supervision.levelNames[s.level] ?? "")),
                                    ("issuer", .string(s.issuer)), ("at", time(s.at)), ("due", time(s.due)), ("note", shown(s.note)),
                                    ("answered_at", time(s.answeredAt)), ("answer", s.answer.map(shown) ?? .null),
                                    ("state", .string(s.answeredAt != nil ? "answered" : (s.warned ? "overdue" : "open")))]))
            })),
            ("extension_request", p.caseState.extensionRequest.map { x in
                .object(JSONObject([("working_days", .number(Double(x.workingDays))), ("reason", shown(x.reason)), ("at", time(x.at)),
                                    ("by", .string(x.by))]))
            } ?? .null),
            ("returned_by", .array(p.caseState.returnedBy.map(JSONValue.string))),
            ("screening", p.caseState.screening.map { .string($0.rawValue) } ?? .null),
            ("ratings", p.caseState.ratings.map { r in
                .object(JSONObject([("attitude", .number(Double(r.attitude))), ("efficiency", .number(Double(r.efficiency))),
                                    ("result", .number(Double(r.result)))]))
            } ?? .null),
        ])
        o["attachments"] = .array(attachments.map { a in
            .object(JSONObject([("id", .string(a.id)), ("type", .string(a.type.rawValue)), ("size", .number(Double(a.size))),
                                ("href", .string("/attachments/" + a.id))]))
        })
        o["events"] = .array(events.map { $0.json(personalData: personalData) })
        return .object(o)
    }
}

extension PetitionEvent {
    /// One event: sequence, time, actor, action, from/to status, note and details.
    /// - Parameter personalData: else phone and ID numbers in the note (a unit's "已电话联系
    ///   138…") and in the details are masked.
    public func json(personalData: Bool = false) -> JSONValue {
        func shown(_ s: String) -> JSONValue { .string(personalData ? s : PersonalDataMask.text(s)) }
        var o = JSONObject([("seq", .number(Double(sequence))), ("at", .string(at.description)), ("actor", .string(actor)),
                            ("action", .string(action.rawValue)), ("from", from.map { .string($0.rawValue) } ?? .null),
                            ("to", .string(to.rawValue)), ("note", note.map(shown) ?? .null)])
        for (k, v) in details.sorted(by: { $0.key < $1.key }) { o[k] = shown(v) }
        return .object(o)
    }
}
