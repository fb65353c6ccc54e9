import GridGeo

/// An event as a dispatcher, a unit or the petitioner's evaluation posts it to
/// `POST /petitions/{id}/events`, before the desk checks it against the case.
public struct PetitionEventRequest: Sendable, Equatable {
    public var action: PetitionEvent.Action
    /// The name typed at the desk (empty when none); the token is the event's actor.
    public var actor: String
    public var note: String?
    /// dispatch: the unit to hand the case to (default: the routed one).
    public var unit: String?
    public var rating: Petition.Rating?
    public var outcome: Petition.Outcome?
    /// merge: the earlier petition this one repeats.
    public var into: String?
    /// place: a point (in `crs`) or a building id.
    public var location: Coordinate?
    public var crs: CoordinateSystem
    public var building: String?
    /// dispatch: the assisting units (并行派单), chosen by hand.
    public var assist: [String]?
    /// resolve: attachment ids showing the work done (photos of the repair …).
    public var evidence: [String]?
    /// supervise: the level (1 提醒, 2 督办, 3 挂牌督办) and the date the lead unit must answer by.
    public var level: Int?
    public var due: Timestamp?
    /// regrade: the new grades (any of them).
    public var category: String?
    public var kind: Petition.Kind?
    public var urgency: Petition.Urgency?
    public var difficulty: Int?
    /// extend: how many working days more (1–30).
    public var workingDays: Int?
    /// screen: the verdict.
    public var verdict: CaseState.Screening?
    /// evaluate: the ratings on several dimensions, each 1–5.
    public var ratings: CaseState.Ratings?

    public init(action: PetitionEvent.Action, actor: String, note: String? = nil, unit: String? = nil,
                rating: Petition.Rating? = nil, outcome: Petition.Outcome? = nil, into: String? = nil,
                location: Coordinate? = nil, crs: CoordinateSystem = .wgs84, building: String? = nil) {
        self.action = action
        self.actor = actor
        self.note = note
        self.unit = unit
        self.rating = rating
        self.outcome = outcome
        self.into = into
        self.location = location
        self.crs = crs
        self.building = building
    }

    /// Reads a posted body; checks what each action needs regardless of the case.
    public static func decode(_ o: JSONObject) -> (PetitionEventRequest?, [FieldProblem]) {
        var r = FieldReader(o)
        let known: Set<String> = ["action", "actor", "note", "reason", "unit", "rating", "outcome", "into", "location", "building",
                                  "assist", "evidence", "level", "due", "category", "kind", "urgency", "difficulty", "working_days", "verdict", "ratings"]
        for key in o.keys where !known.contains(key) {
            r.problem(key, "not an event field; the fields are \(known.sorted().joined(separator: ", "))", kind: .unknownField)
        }
        let action: PetitionEvent.Action? = r.choice("action")
        // The name typed at the desk; optional, since the token says who posts.
        let actor = r.string("actor") ?? ""
        let note = r.string("note") ?? r.string("reason")
        let unit = r.string("unit")
        let rating: Petition.Rating? = o["rating"] == nil ? nil : r.choice("rating")
        let outcome: Petition.Outcome? = o["outcome"] == nil ? nil : r.choice("outcome")
        let into = r.string("into")
        let building = r.string("building")
        var location: Coordinate?
        var crs = CoordinateSystem.wgs84
        if let l = o["location"]?.objectValue {
            if let lon = l["lon"]?.doubleValue, let lat = l["lat"]?.doubleValue, Coordinate(lon: lon, lat: lat).isValidLonLat {
                location = Coordinate(lon: lon, lat: lat)
            } else {
                r.problem("location", "needs numeric \"lon\" and \"lat\" in range, e.g. {\"lon\": 101.7231, \"lat\": 26.5842, \"crs\": \"gcj02\"}")
            }
            if let name = l["crs"]?.stringValue {
                if let c = CoordinateSystem(name: name) { crs = c } else { r.problem("location.crs", "'\(name)' is not one of wgs84, gcj02, bd09") }
            }
        } else if let v = o["location"], !v.isNull {
            r.problem("location", "expected an object {\"lon\", \"lat\", \"crs\"}, found \(v.typeName)")
        }
        let assist = r.idList("assist")
        let evidence = r.idList("evidence")
        let level = r.int("level", range: 1...3)
        var due: Timestamp?
        if let text = r.string("due") {
            // A date (the day the answer is due, China time) or an instant.
            let t = text.count == 10 ? Timestamp.parse(text + "T23:59:59+08:00") : Timestamp.parse(text)
            switch t {
            case .success(let v): due = v
            case .failure(let e): r.problem("due", "'\(text)': \(e.reason) (or a date such as 2026-05-20)")
            }
        }
        let category = r.string("category")
        let kind: Petition.Kind? = o["kind"] == nil ? nil : r.choice("kind")
        let urgency: Petition.Urgency? = o["urgency"] == nil ? nil : r.choice("urgency")
        let difficulty = r.int("difficulty", range: 1...9)
        let workingDays = r.int("working_days", range: 1...30)
        let verdict: CaseState.Screening? = o["verdict"] == nil ? nil : r.choice("verdict")
        var ratings: CaseState.Ratings?
        switch o["ratings"] {
        case nil, .null?: break
        case .object(let m)?:
            var mr = FieldReader(m)
            let a = mr.int("attitude", range: 1...5), e = mr.int("efficiency", range: 1...5), x = mr.int("result", range: 1...5)
            for p in mr.problems { r.problem("ratings.\(p.field)", p.reason, kind: p.kind) }
            for key in ["attitude", "efficiency", "result"] where m[key] == nil { r.problem("ratings.\(key)", "required: 1 (worst) to 5 (best)", kind: .required) }
            if let a, let e, let x { ratings = CaseState.Ratings(attitude: a, efficiency: e, result: x) }
        case let v?: r.problem("ratings", "expected {\"attitude\", \"efficiency\", \"result\"}, each 1–5, found \(v.typeName)")
        }
        switch action {
        case .supervise?:
            if level == nil, o["level"] == nil { r.problem("level", "required to supervise: 1 (提醒), 2 (督办) or 3 (挂牌督办)", kind: .required) }
            if due == nil, o["due"] == nil { r.problem("due", "required to supervise: the date the lead unit must answer by", kind: .required) }
            if note == nil { r.problem("note", "required to supervise: what is demanded", kind: .required) }
        case .answerSupervision?:
            if note == nil { r.problem("note", "required: the answer to the supervision", kind: .required) }
        case .regrade?:
            if category == nil, kind == nil, urgency == nil, difficulty == nil, !r.problems.contains(where: { ["kind", "urgency", "difficulty"].contains($0.field) }) {
                r.problem("category", "a regrade changes at least one of category, kind, urgency, difficulty")
            }
            if note == nil { r.problem("note", "required to regrade: why the grading changes", kind: .required) }
        case .sendBack?:
            if note == nil { r.problem("reason", "required to return a case: why it is not this unit's (one of note or reason)", kind: .required) }
        case .extend?:
            if workingDays == nil, o["working_days"] == nil { r.problem("working_days", "required to ask for an extension: 1–30 working days", kind: .required) }
            if note == nil { r.problem("reason", "required to ask for an extension: why (one of note or reason)", kind: .required) }
        case .refuseReturn?, .refuseExtension?:
            if note == nil { r.problem("note", "required: say why the request is refused", kind: .required) }
        case .screen?:
            if verdict == nil, o["verdict"] == nil { r.problem("verdict", "required to screen: reasonable, partly or unreasonable", kind: .required) }
        default: break
        }
        if action != .dispatch, assist != nil { r.problem("assist", "only a dispatch names assisting units") }
        if action != .evaluate, ratings != nil { r.problem("ratings", "only an evaluation carries ratings") }
        if action != .resolve, evidence != nil { r.problem("evidence", "only a resolution carries evidence") }
        switch action {
        case .receive?, .warn?:
            r.problem("action", "'\(action!.rawValue)' is recorded by Wangge itself and cannot be posted")
        case .resolve?:
            if outcome == nil, o["outcome"] == nil { r.problem("outcome", "required to resolve: one of resolved, partly, not_resolved", kind: .required) }
        case .evaluate?:
            if rating == nil, o["rating"] == nil { r.problem("rating", "required to evaluate: one of satisfied, mostly, not_satisfied", kind: .required) }
        case .reject?:
            if note == nil { r.problem("note", "required to reject: say why (duplicate, false report, not our remit …)", kind: .required) }
        case .merge?:
            if into == nil { r.problem("into", "required to merge: the id of the earlier petition", kind: .required) }
        case .place?:
            if location == nil, building == nil, o["location"] == nil { r.problem("location", "required to place: a location or a building id", kind: .required) }
        case .escalate?:
            if note == nil { r.problem("note", "required to escalate (督办): what is demanded, by when", kind: .required) }
        default: break
        }
        guard r.problems.isEmpty, let action else { return (nil, r.problems) }
        var request = PetitionEventRequest(action: action, actor: actor, note: note, unit: unit, rating: rating, outcome: outcome,
                                           into: into, location: location, crs: crs, building: building)
        request.assist = assist
        request.evidence = evidence
        request.level = level
        request.due = due
        request.category = category
        request.kind = kind
        request.urgency = urgency
        request.difficulty = difficulty
        request.workingDays = workingDays
        request.verdict = verdict
        request.ratings = ratings
        return (request, [])
    }
}
