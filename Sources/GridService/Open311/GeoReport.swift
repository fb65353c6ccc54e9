import Foundation
import GridGeo
import GridModel

/// Open311 GeoReport v2 over the desk: the services a resident may report (the non-sensitive
/// categories), their definitions, service requests posted by other systems and apps (each a
/// petition like any other: placed, routed, given deadlines, checked for repeats) and the
/// requests' status as the standard's clients read it.
///
/// Answers are ordered trees (`JSONValue`) that the HTTP layer writes as JSON or as the
/// standard's XML; problems are `GeoReportError`s carrying the standard's error codes.
public struct GeoReport: Sendable {
    let desk: PetitionDesk

    public init(desk: PetitionDesk) {
        self.desk = desk
    }

    /// The most requests one answer lists (the newest).
    public static let maxRequests = 1000
    /// The longest span `start_date`…`end_date` may cover, and the span when none is given.
    public static let maxDays = 90

    /// The service attributes every definition offers: what the petition is (咨询, 建议, 求决,
    /// 投诉) and how urgent, as `attribute[kind]` and `attribute[urgency]` in a POST.
    static let attributes: [(code: String, description: String, values: [(key: String, name: String)], fallback: String)] = [
        ("kind", "诉求类型", Petition.Kind.allCases.map { ($0.rawValue, $0.chineseName) }, Petition.Kind.request.rawValue),
        ("urgency", "紧急程度", Petition.Urgency.allCases.map { ($0.rawValue, $0.chineseName) }, Petition.Urgency.normal.rawValue),
    ]

    // MARK: Services

    /// `GET services`: one service per non-sensitive category, by code.
    public func services() throws -> [JSONValue] {
        try offered().map { c in
            .object(JSONObject([
                ("service_code", .string(c.code)),
                ("service_name", .string(c.nameZh)),
                ("description", .string(Self.describe(c))),
                ("metadata", .bool(true)),
                ("type", "realtime"),
                ("keywords", .string([c.nameZh, c.nameEn, c.code].joined(separator: ", "))),
                ("group", .string(c.defaultLevel.chineseName + "级")),
            ]))
        }
    }

    /// `GET services/{code}`: the attributes a request of that service may carry.
    public func definition(of code: String) throws -> JSONValue {
        guard try offered().contains(where: { $0.code == code }) else {
            throw GeoReportError(404, "no service '\(code)': GET services lists the service codes")
        }
        let attributes: [JSONValue] = Self.attributes.enumerated().map { order, a in
            .object(JSONObject([
                ("variable", .bool(true)),
                ("code", .string(a.code)),
                ("datatype", "singlevaluelist"),
                ("required", .bool(false)),
                ("datatype_description", .string("默认 \(a.fallback)")),
                ("order", .number(Double(order + 1))),
                ("description", .string(a.description)),
                ("values", .array(a.values.map { .object(JSONObject([("key", .string($0.key)), ("name", .string($0.name))])) })),
            ]))
        }
        return .object(JSONObject([("service_code", .string(code)), ("attributes", .array(attributes))]))
    }

    /// The categories offered as services, by code.
    func offered() throws -> [GridModel.Category] {
        try desk.registry().categories.values.filter { !$0.sensitive }.sorted { $0.code < $1.code }
    }

    static func describe(_ c: GridModel.Category) -> String {
        let days = Petition.Kind.allCases.map { "\($0.chineseName)\(c.deadlines.resolveWorkingDays(kind: $0, difficulty: nil))个工作日" }
        return "\(c.nameZh)（\(c.nameEn)）。\(c.deadlines.firstReplyDays)日内首次答复；办结时限：\(days.joined(separator: "，"))。"
    }

    // MARK: Posting a request

    /// `POST requests`: the form's fields as the standard names them. The caller (its token as
    /// `api_key` or an Authorization header) must be one that may take petitions in.
    public func post(_ form: [String: String], by caller: Caller) throws -> [JSONValue] {
        guard caller.may(.takePetitions) else {
            throw GeoReportError(403, caller.role == nil
                ? "no api_key: a request is posted with a Wangge token (wangge token create --role dispatcher) as api_key"
                : "the \(caller.role!.rawValue) role may not post service requests")
        }
        let intake = try Self.intake(form, offered: Set(try offered().map(\.code)), building: { id in
            try desk.store.buildingPosition(id: id)
        })
        let record: PetitionDesk.Record
        do {
            record = try desk.intake(intake, by: caller)
        } catch DeskError.invalid(let problems) {
            throw GeoReportError(400, problems.map(\.description).joined(separator: "; "))
        }
        return [.object(JSONObject([
            ("service_request_id", .string(record.petition.id)),
            ("service_notice", .string(try Self.notice(record.petition, registry: desk.registry()))),
            ("account_id", .null),
        ]))]
    }

    /// The petition a posted form describes; every problem named by its field.
    static func intake(_ form: [String: String], offered: Set<String>, building: (String) throws -> Coordinate?) throws -> PetitionIntake {
        var problems: [String] = []
        func text(_ name: String) -> String? {
            form[name].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let code = text("service_code") ?? ""
        if code.isEmpty { problems.append("service_code: required (GET services lists them)") }
        else if !offered.contains(code) { problems.append("service_code: '\(code)' is not a service (GET services lists them)") }
        var location: Coordinate?
        switch (text("lat"), text("long")) {
        case (nil, nil): break
        case (let lat?, let lon?):
            if let lat = Double(lat), let lon = Double(lon), (-90...90).contains(lat), (-180...180).contains(lon) {
                location = Coordinate(lon: lon, lat: lat)
            } else {
                problems.append("lat/long: '\(lat)', '\(lon)' are not WGS-84 degrees (lat −90…90, long −180…180)")
            }
        default: problems.append("lat/long: give both, or neither")
        }
        if location == nil, let id = text("address_id") {
            if let point = try building(id) { location = point }
            else { problems.append("address_id: no building '\(id)'") }
        }
        let address = text("address_string")
        if location == nil, address == nil, text("address_id") == nil {
            problems.append("location: give lat and long, address_string or address_id")
        }
        var choices: [String: String] = [:]
        for a in attributes {
            guard let given = text("attribute[\(a.code)]") else { continue }
            if a.values.contains(where: { $0.key == given }) { choices[a.code] = given }
            else { problems.append("attribute[\(a.code)]: '\(given)' is not one of \(a.values.map(\.key).joined(separator: ", "))") }
        }
        for key in form.keys where key.hasPrefix("attribute[") && !attributes.contains(where: { "attribute[\($0.code)]" == key }) {
            problems.append("\(key): not an attribute of this service (GET services/\(code) lists them)")
        }
        if let media = text("media_url"), URL(string: media)?.scheme.map({ ["http", "https"].contains($0.lowercased()) }) != true {
            problems.append("media_url: '\(media)' is not an http(s) URL")
        }
        guard problems.isEmpty else { throw GeoReportError(400, problems.joined(separator: "; ")) }
        // Chinese names are family name first, written together; others as the client wrote them.
        let names = [text("last_name"), text("first_name")].compactMap { $0 }
        let name = names.isEmpty ? nil : names.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) }
            ? names.reversed().joined(separator: " ") : names.joined()
        let phone = text("phone")
        var intake = PetitionIntake(channel: .web, kind: Petition.Kind(rawValue: choices["kind"] ?? "") ?? .request, category: code,
                                    urgency: Petition.Urgency(rawValue: choices["urgency"] ?? "") ?? .normal,
                                    text: text("description") ?? "（Open311 请求，未填写描述）", address: address, location: location,
                                    contact: name == nil && phone == nil ? nil : .init(name: name, phone: phone), actor: "")
        intake.receivedDetails["via"] = "open311"
        for key in ["media_url", "device_id", "account_id", "jurisdiction_id"] { if let v = text(key) { intake.receivedDetails[key] = v } }
        return intake
    }

    /// What the resident is told the city will do.
    static func notice(_ p: Petition, registry: DeskRegistry) -> String {
        if p.status == .unplaced { return "已受理，地点待调度员确认后转办。" }
        let unit = p.unit.flatMap { registry.units[$0]?.name }
        return ["已受理", unit.map { "承办单位：\($0)" }, p.resolveBy.map { "办结时限：\($0.description)" }]
            .compactMap { $0 }.joined(separator: "；") + "。"
    }

    // MARK: Reading requests

    /// `GET requests` and `GET requests/{id}`: what a request looks like to the caller. Callers who
    /// may read petitions (within their scope) see the whole request, the text masked unless
    /// their role sees personal data; anyone else sees its progress only — status, service,
    /// unit, times — never the place, the address or the text, which could name a home.
    public func requests(_ query: PetitionQuery, for caller: Caller) throws -> [JSONValue] {
        let registry = try desk.registry()
        var query = query
        if query.categories == nil { query.categories = try offered().map(\.code) }
        query.categories = query.categories!.filter { registry.categories[$0]?.sensitive == false }
        let scope = caller.petitionScope(sensitive: registry.sensitiveCategories)
        let full = caller.may(.readPetitions)
        return try desk.store.petitions(matching: query, scope: scope).map { p in
            Self.request(p, registry: registry, full: full, personalData: caller.seesPersonalData,
                         events: full ? try desk.store.events(of: p.id) : [],
                         registeredAddress: full ? try p.building.flatMap { try desk.store.buildingPlacement(id: $0)?.address } : nil)
        }
    }

    /// The query `GET requests` parameters make: ids override everything else; the span is at
    /// most 90 days and defaults to the last 90.
    public static func query(ids: [String]?, codes: [String]?, start: Timestamp?, end: Timestamp?, statuses: [String]?,
                             now: Timestamp) throws -> PetitionQuery {
        if let ids { return PetitionQuery(ids: ids, limit: maxRequests) }
        let span = Int64(maxDays) * 86_400
        let to = end ?? (start.map { Timestamp(seconds: $0.seconds + span) } ?? now)
        let from = start ?? Timestamp(seconds: to.seconds - span)
        guard from.seconds <= to.seconds else { throw GeoReportError(400, "start_date \(from) is after end_date \(to)") }
        guard to.seconds - from.seconds <= span else {
            throw GeoReportError(400, "start_date to end_date spans more than \(maxDays) days; ask for \(maxDays) days at most")
        }
        var open: Bool?
        if let statuses {
            for s in statuses where s != "open" && s != "closed" { throw GeoReportError(400, "status: '\(s)' is not open or closed") }
            open = Set(statuses).count == 1 ? statuses.first == "open" : nil
        }
        return PetitionQuery(categories: codes, from: from, to: to, open: open, limit: maxRequests)
    }

    /// One request as the standard writes it.
    /// - Parameter registeredAddress: the address of the building it was placed in, as registered.
    static func request(_ p: Petition, registry: DeskRegistry, full: Bool, personalData: Bool, events: [PetitionEvent],
                        registeredAddress: String?) -> JSONValue {
        func time(_ t: Timestamp?) -> JSONValue { t.map { .string($0.description) } ?? .null }
        let updated = [p.receivedAt, p.dispatchedAt, p.firstReplyAt, p.resolvedAt, p.closedAt].compactMap { $0 }.max { $0.seconds < $1.seconds }
        var notes = p.status.chineseName
        if let outcome = p.outcome, !p.status.isOpen { notes += "：" + outcome.chineseName }
        if p.status == .rejected, let why = p.rejectReason { notes += "：" + (personalData ? why : PersonalDataMask.text(why)) }
        var fields: [(String, JSONValue)] = [
            ("service_request_id", .string(p.id)),
            ("status", .string(p.status.isOpen ? "open" : "closed")),
            ("status_notes", .string(notes)),
            ("service_name", .string(registry.categories[p.category]?.nameZh ?? p.category)),
            ("service_code", .string(p.category)),
        ]
        if full { fields.append(("description", .string(personalData ? p.text : PersonalDataMask.text(p.text)))) }
        fields += [
            ("agency_responsible", p.unit.flatMap { registry.units[$0]?.name }.map(JSONValue.string) ?? .null),
            ("service_notice", .string(notice(p, registry: registry))),
            ("requested_datetime", time(p.receivedAt)),
            ("updated_datetime", time(updated)),
            ("expected_datetime", time(p.resolveBy)),
        ]
        if full {
            fields += [
                ("address", registeredAddress.map(JSONValue.string) ?? p.address.map { .string(personalData ? $0 : PersonalDataMask.text($0)) } ?? .null),
                ("address_id", p.building.map(JSONValue.string) ?? .null),
                ("zipcode", .null),
                ("lat", p.location.map { .number($0.lat) } ?? .null),
                ("long", p.location.map { .number($0.lon) } ?? .null),
                ("media_url", events.first?.details["media_url"].map(JSONValue.string) ?? .null),
            ]
        }
        return .object(JSONObject(fields))
    }
}

/// A refusal in the standard's terms: an HTTP status (also the error's `code`) and what was wrong.
public struct GeoReportError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var description: String

    public init(_ status: Int, _ description: String) {
        self.status = status
        self.description = description
    }
}
