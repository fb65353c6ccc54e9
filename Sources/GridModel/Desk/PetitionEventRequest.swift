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
        let known: Set<String> = ["action", "actor", "note", "reason", "unit", "rating", "outcome", "into", "location", "building"]
        for key in o.keys where !known.contains(key) {
            r.problem(key, "not an event field; the fields are \(known.sorted().joined(separator: ", "))")
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
        switch action {
        case .receive?, .warn?:
            r.problem("action", "'\(action!.rawValue)' is recorded by Wangge itself and cannot be posted")
        case .resolve?:
            if outcome == nil, o["outcome"] == nil { r.problem("outcome", "required to resolve: one of resolved, partly, not_resolved") }
        case .evaluate?:
            if rating == nil, o["rating"] == nil { r.problem("rating", "required to evaluate: one of satisfied, mostly, not_satisfied") }
        case .reject?:
            if note == nil { r.problem("note", "required to reject: say why (duplicate, false report, not our remit …)") }
        case .merge?:
            if into == nil { r.problem("into", "required to merge: the id of the earlier petition") }
        case .place?:
            if location == nil, building == nil, o["location"] == nil { r.problem("location", "required to place: a location or a building id") }
        case .escalate?:
            if note == nil { r.problem("note", "required to escalate (督办): what is demanded, by when") }
        default: break
        }
        guard r.problems.isEmpty, let action else { return (nil, r.problems) }
        return (PetitionEventRequest(action: action, actor: actor, note: note, unit: unit, rating: rating, outcome: outcome,
                                     into: into, location: location, crs: crs, building: building), [])
    }
}
