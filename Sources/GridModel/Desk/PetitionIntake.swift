import GridGeo

/// A petition as it is posted to the desk (README, "Examples"): what was
/// asked and where, before placement and routing.
public struct PetitionIntake: Sendable, Equatable {
    public var channel: Petition.Channel
    public var kind: Petition.Kind
    public var category: String
    public var urgency: Petition.Urgency
    public var text: String
    public var address: String?
    /// The point as given, in `crs`.
    public var location: Coordinate?
    public var crs: CoordinateSystem
    public var contact: Contact?
    /// Xining-style difficulty tier (1 = easiest), when the dispatcher grades it at intake.
    public var difficulty: Int?
    /// Attachments already uploaded (`POST /attachments`) that the petition carries.
    public var attachments: [String] = []
    /// When it came in; the desk's clock when absent (a service point may enter it later).
    public var receivedAt: Timestamp?
    /// The name the person at the desk typed (empty when none); the token that sent it is what
    /// the event log records as the actor.
    public var actor: String
    /// What the sending system said besides the petition (an Open311 client's `media_url`,
    /// `device_id`), kept in the receiving event's details.
    public var receivedDetails: [String: String] = [:]

    public init(channel: Petition.Channel, kind: Petition.Kind, category: String, urgency: Petition.Urgency = .normal,
                text: String, address: String? = nil, location: Coordinate? = nil, crs: CoordinateSystem = .wgs84,
                contact: Contact? = nil, difficulty: Int? = nil, receivedAt: Timestamp? = nil, actor: String = "desk") {
        self.channel = channel
        self.kind = kind
        self.category = category
        self.urgency = urgency
        self.text = text
        self.address = address
        self.location = location
        self.crs = crs
        self.contact = contact
        self.difficulty = difficulty
        self.receivedAt = receivedAt
        self.actor = actor
    }

    /// The petitioner's contact details: personal data, masked in every answer.
    public struct Contact: Sendable, Equatable {
        public var name: String?
        public var phone: String?

        public init(name: String?, phone: String?) {
            self.name = name
            self.phone = phone
        }
    }

    /// Reads a posted body; every problem is named by its JSON path.
    /// - Parameter categories: the known category codes.
    public static func decode(_ o: JSONObject, categories: Set<String>) -> (PetitionIntake?, [FieldProblem]) {
        var r = FieldReader(o)
        let known: Set<String> = ["channel", "kind", "category", "urgency", "text", "address", "location", "contact",
                                  "difficulty", "received_at", "actor", "attachments"]
        for key in o.keys where !known.contains(key) {
            r.problem(key, "not a petition field; the fields are \(known.sorted().joined(separator: ", "))", kind: .unknownField)
        }
        let channel: Petition.Channel? = r.choice("channel")
        let kind: Petition.Kind? = r.choice("kind")
        let category = r.requiredString("category")
        if !category.isEmpty, !categories.contains(category) {
            r.problem("category", categories.isEmpty ? "'\(category)' is unknown: no categories are imported"
                : "'\(category)' is not a known category (\(categories.sorted().prefix(30).joined(separator: ", ")))")
        }
        let urgency: Petition.Urgency? = r.choice("urgency", fallback: .normal)
        let text = r.requiredString("text")
        let address = r.string("address")
        let difficulty = r.int("difficulty", range: 1...9)
        let attachments = r.idList("attachments") ?? []
        let receivedAt = o["received_at"] == nil ? nil : r.timestamp("received_at")
        let actor = r.string("actor") ?? ""
        var location: Coordinate?
        var crs = CoordinateSystem.wgs84
        switch o["location"] {
        case nil, .null?: break
        case .object(let l)?:
            let lon = l["lon"]?.doubleValue, lat = l["lat"]?.doubleValue
            if let lon, let lat {
                let c = Coordinate(lon: lon, lat: lat)
                if c.isValidLonLat { location = c } else { r.problem("location", "[\(lon), \(lat)] is out of range (lon within ±180, lat within ±90)") }
            } else {
                r.problem("location", "needs numeric \"lon\" and \"lat\", e.g. {\"lon\": 101.7231, \"lat\": 26.5842, \"crs\": \"gcj02\"}")
            }
            if let name = l["crs"]?.stringValue {
                if let c = CoordinateSystem(name: name) { crs = c } else { r.problem("location.crs", "'\(name)' is not one of wgs84, gcj02, bd09") }
            } else if let v = l["crs"], !v.isNull { r.problem("location.crs", "expected text, found \(v.typeName)") }
        case let v?: r.problem("location", "expected an object {\"lon\", \"lat\", \"crs\"}, found \(v.typeName)")
        }
        if o["location"]?.objectValue == nil, address == nil, !r.problems.contains(where: { $0.field == "location" }) {
            r.problem("location", "a petition needs a location, an address or both; this one has neither", kind: .required)
        }
        var contact: Contact?
        switch o["contact"] {
        case nil, .null?: break
        case .object(let c)?:
            var cr = FieldReader(c)
            contact = Contact(name: cr.string("name"), phone: cr.phone("phone"))
            for p in cr.problems { r.problem("contact.\(p.field)", p.reason, kind: p.kind) }
        case let v?: r.problem("contact", "expected an object {\"name\", \"phone\"}, found \(v.typeName)")
        }
        guard r.problems.isEmpty, let channel, let kind, let urgency else { return (nil, r.problems) }
        var intake = PetitionIntake(channel: channel, kind: kind, category: category, urgency: urgency, text: text, address: address,
                                    location: location, crs: crs, contact: contact, difficulty: difficulty, receivedAt: receivedAt,
                                    actor: actor)
        intake.attachments = attachments
        return (intake, [])
    }
}
