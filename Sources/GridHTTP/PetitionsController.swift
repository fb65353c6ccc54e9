import GridGeo
import GridModel
import GridService
import HTTPTypes
import Hummingbird

/// The petition desk over HTTP: `POST /petitions`, `GET /petitions/{id}`,
/// `POST /petitions/{id}/events`, `GET /petitions` (the supervision list) and `GET /stats`.
struct PetitionsController {
    /// `dry_run=true|false`.
    enum DryRun: String, CaseIterable { case `true`, `false` }

    typealias Context = WanggeRequestContext
    let desk: PetitionDesk
    var maxAttachmentBytes = PetitionDesk.defaultMaxAttachmentBytes

    func addRoutes(to router: Router<Context>) {
        router.post("/petitions") { request, context in try await intake(request, context) }
        router.get("/petitions") { request, context in try supervision(request, context) }
        router.get("/petitions/:id") { request, context in try await petition(request, context) }
        router.post("/petitions/:id/events") { request, context in try await event(request, context) }
        router.get("/stats") { request, context in try statistics(request, context) }
        router.get("/supervisions") { request, context in try supervisions(request, context) }
        router.get("/queues") { request, context in try queues(request, context) }
        router.get("/units/:id/warnings") { request, context in try unitWarnings(request, context) }
        router.post("/attachments") { request, context in try await upload(request, context, to: nil) }
        router.post("/petitions/:id/attachments") { request, context in try await upload(request, context, to: context.parameters.get("id") ?? "") }
        router.get("/attachments/:id") { request, context in try await download(request, context) }
    }

    /// `POST /petitions`; with `?dry_run=true` nothing is stored and the answer (200) says
    /// where the petition would be placed, who would lead, the deadlines and a likely repeat.
    func intake(_ request: Request, _ context: Context) async throws -> Response {
        let caller = context.caller
        let q = try ParameterReader(request, allowed: ["dry_run"])
        try caller.require(.takePetitions)
        let dryRun = try q.choice("dry_run", default: DryRun.false) == .true
        let o = try await Problem.jsonObject(request)
        let registry = try desk.registry()
        let (intake, problems) = PetitionIntake.decode(o, categories: Set(registry.categories.keys))
        guard let intake else { throw DeskError.invalid(problems) }
        let desk = desk
        if dryRun {
            let record = try await blocking { try desk.preview(intake, by: caller) }
            guard case .object(var o) = record.json(registry: registry, personalData: caller.seesPersonalData) else { return Response(status: .internalServerError) }
            o["id"] = .null
            o["dry_run"] = .bool(true)
            return .json(.object(o))
        }
        let record = try await blocking { try desk.intake(intake, by: caller) }
        var headers = HTTPFields()
        headers[.location] = "/petitions/\(record.petition.id)"
        return .body(try withActions(record, caller).jsonText.utf8, contentType: "application/json; charset=utf-8",
                     status: .created, headers: headers)
    }

    /// A petition outside the caller's scope is "not found", exactly as one that does not exist.
    func petition(_ request: Request, _ context: Context) async throws -> Response {
        _ = try ParameterReader(request, allowed: [])
        let (id, caller, desk) = (context.parameters.get("id") ?? "", context.caller, desk)
        // A read that shows the contact whole writes its audit entry.
        guard let record = try await blocking({ try desk.record(id: id, for: caller) }) else { throw Self.noPetition(id) }
        return .json(try withActions(record, caller))
    }

    func event(_ request: Request, _ context: Context) async throws -> Response {
        try context.caller.require(.postEvents)
        let id = context.parameters.get("id") ?? ""
        let (posted, problems) = PetitionEventRequest.decode(try await Problem.jsonObject(request))
        guard let posted else { throw DeskError.invalid(problems) }
        let (desk, caller) = (desk, context.caller)
        let record = try await blocking { try desk.post(posted, to: id, by: caller) == nil ? nil : try desk.record(id: id, for: caller) }
        guard let record else { throw Self.noPetition(id) }
        return .json(try withActions(record, caller), status: .created)
    }

    /// The record as the caller reads it, with `actions`: what the caller may do next on it
    /// (the lifecycle, the role and the case's own state), for pages that offer only those.
    func withActions(_ record: PetitionDesk.Record, _ caller: Caller) throws -> JSONValue {
        guard case .object(var o) = record.json(registry: try desk.registry(), personalData: caller.seesPersonalData) else { return .null }
        o["actions"] = .array(caller.actions(on: record.petition).map { .string($0.rawValue) })
        return .object(o)
    }

    static func noPetition(_ id: String) -> Problem {
        Problem(.notFound, type: "not-found", title: "No such petition", detail: "no petition '\(id)'")
    }

    /// `GET /petitions?status=overdue|due_soon|<status>&unit=&area=&limit=&offset=`.
    func supervision(_ request: Request, _ context: Context) throws -> Response {
        try context.caller.require(.readPetitions)
        let q = try ParameterReader(request, allowed: ["status", "unit", "area", "limit", "offset", "phone", "queue", "sort", "q", "category"])
        if q.string("queue") != nil {
            guard q.string("status") == nil, q.string("phone") == nil, q.string("area") == nil else {
                throw ParameterError(.invalid, "queue", "a work list takes no status, area or phone (its scope is the caller's)")
            }
            return try workList(q, context)
        }
        for name in ["sort", "q", "category"] where q.string(name) != nil {
            throw ParameterError(.invalid, name, "applies to work lists only (with queue=)")
        }
        if let phone = q.string("phone") {
            guard q.string("status") == nil, q.string("unit") == nil, q.string("area") == nil else {
                throw ParameterError(.invalid, "phone", "a caller's history takes no status, unit or area")
            }
            return try history(phone: phone, limit: try q.int("limit", default: 50, range: 1...500), context)
        }
        let names = ["overdue", "due_soon"] + Petition.Status.allCases.map(\.rawValue)
        let statusName = q.string("status") ?? "overdue"
        let filter: PetitionDesk.SupervisionFilter
        switch statusName {
        case "overdue": filter = .overdue
        case "due_soon": filter = .dueSoon
        default:
            guard let s = Petition.Status(rawValue: statusName) else {
                throw ParameterError(.invalid, "status", "'\(statusName)' is not one of \(names.joined(separator: ", "))")
            }
            filter = .status(s)
        }
        let limit = try q.int("limit", default: 100, range: 1...10_000)
        let offset = try q.int("offset", default: 0, range: 0...Int(Int32.max))
        let entries = try desk.supervision(filter, unit: q.string("unit"), area: q.string("area"), for: context.caller)
        let registry = try desk.registry()
        let page = entries.dropFirst(offset).prefix(limit)
        let list: [JSONValue] = page.map { e in
            let p = e.petition
            return .object(JSONObject([
                ("id", .string(p.id)), ("status", .string(p.status.rawValue)), ("category", .string(p.category)),
                ("kind", .string(p.kind.rawValue)), ("urgency", .string(p.urgency.rawValue)),
                ("received_at", .string(p.receivedAt.description)),
                ("unit", p.unit.map(registry.namedUnit) ?? .null),
                ("grid", p.placement[.grid].map(JSONValue.string) ?? .null),
                ("community", p.placement[.community].map(JSONValue.string) ?? .null),
                ("deadline", .string(e.deadline.rawValue)), ("due", .string(e.due.description)),
                ("hours_late", .number((Double(e.lateSeconds) / 360).rounded() / 10)),
                ("duplicate_of", p.duplicateOf.map(JSONValue.string) ?? .null),
            ]))
        }
        let o = JSONObject([("status", .string(statusName)), ("numberMatched", .number(Double(entries.count))),
                            ("numberReturned", .number(Double(list.count))), ("petitions", .array(list))])
        return .json(.object(o))
    }

    /// `GET /queues`: the work lists of the caller's role with their counts (the desk's badges).
    func queues(_ request: Request, _ context: Context) throws -> Response {
        _ = try ParameterReader(request, allowed: [])
        return try ServerTiming.measure("queues") {
            let counts = try desk.workListCounts(for: context.caller)
            return .json(.object(JSONObject([("queues", .array(counts.map { c in
                .object(JSONObject([("code", .string(c.queue.rawValue)), ("name_zh", .string(c.queue.chineseName)),
                                    ("count", .number(Double(c.count)))]))
            }))])))
        }
    }

    /// `GET /petitions?queue=&sort=due|received|newest|urgency&q=&category=&unit=&limit=&offset=`:
    /// one work list, a page of rows with what the list shows (the text cut short, masked as the
    /// role reads it) and the deadline it counts down to.
    func workList(_ q: ParameterReader, _ context: Context) throws -> Response {
        try ServerTiming.measure("worklist") { try workListPage(q, context) }
    }

    private func workListPage(_ q: ParameterReader, _ context: Context) throws -> Response {
        let queue: WorkQueue = try q.choice("queue", default: .toDispatch)
        let order: PetitionDesk.WorkListOrder = try q.choice("sort", default: .due)
        let limit = try q.int("limit", default: 50, range: 1...1_000)
        let offset = try q.int("offset", default: 0, range: 0...Int(Int32.max))
        let filter = PetitionDesk.WorkListFilter(text: q.string("q"), category: q.string("category"), unit: q.string("unit"))
        let caller = context.caller
        let rows = try desk.workList(queue, filter: filter, order: order, for: caller)
        let registry = try desk.registry()
        func shown(_ s: String) -> String { caller.seesPersonalData ? s : PersonalDataMask.text(s) }
        let list: [JSONValue] = rows.dropFirst(offset).prefix(limit).map { p in
            let next = WorkQueue.nextDeadline(of: p)
            return .object(JSONObject([
                ("id", .string(p.id)), ("status", .string(p.status.rawValue)), ("category", .string(p.category)),
                ("category_zh", registry.categories[p.category].map { .string($0.nameZh) } ?? .null),
                ("kind", .string(p.kind.rawValue)), ("urgency", .string(p.urgency.rawValue)),
                ("received_at", .string(p.receivedAt.description)), ("channel", .string(p.channel.rawValue)),
                ("text", .string(String(shown(p.text).prefix(80)))), ("address", p.address.map { .string(shown($0)) } ?? .null),
                ("unit", p.unit.map(registry.namedUnit) ?? .null),
                ("grid", p.placement[.grid].map(registry.namedArea) ?? .null),
                ("deadline", next.map { .object(JSONObject([("kind", .string($0.kind.rawValue)), ("at", .string($0.at.description))])) } ?? .null),
                ("duplicate_of", p.duplicateOf.map(JSONValue.string) ?? .null),
                ("supervision_level", p.caseState.openSupervisionIndex.map { .number(Double(p.caseState.supervisions[$0].level)) } ?? .null),
                ("extension_days", p.caseState.extensionRequest.map { .number(Double($0.workingDays)) } ?? .null),
                ("round", .number(Double(p.round))),
            ]))
        }
        return .json(.object(JSONObject([("queue", .string(queue.rawValue)), ("name_zh", .string(queue.chineseName)),
                                         ("now", .string(desk.now().description)),
                                         ("numberMatched", .number(Double(rows.count))), ("numberReturned", .number(Double(list.count))),
                                         ("petitions", .array(list))])))
    }

    /// `POST /attachments` (for an intake to come) and `POST /petitions/{id}/attachments`: the body
    /// is the file, its Content-Type one a petition may carry (checked against the bytes). The
    /// body is streamed to a temporary file as it arrives (hashed on the way), never held whole.
    func upload(_ request: Request, _ context: Context, to petition: String?) async throws -> Response {
        _ = try ParameterReader(request, allowed: [])
        let limit = maxAttachmentBytes
        let receiving = try BlobUpload()
        for try await buffer in request.body {
            guard receiving.size + buffer.readableBytes <= limit else { throw Problem.tooLarge(nil, limit: limit) }
            try receiving.append(buffer.readableBytesView)
        }
        let file = try receiving.finish()
        let (desk, caller) = (desk, context.caller)
        let declared = request.headers[.contentType]
        let stored = try await blocking { try desk.attach(file, declared: declared, to: petition, by: caller, maxBytes: limit) }
        withExtendedLifetime(receiving) {}
        guard let a = stored else { throw Self.noPetition(petition ?? "") }
        var headers = HTTPFields()
        headers[.location] = "/attachments/" + a.id
        let o = JSONObject([("id", .string(a.id)), ("type", .string(a.type.rawValue)), ("size", .number(Double(a.size))),
                            ("href", .string("/attachments/" + a.id))])
        return .body(JSONValue.object(o).jsonText.utf8, contentType: "application/json; charset=utf-8", status: .created, headers: headers)
    }

    /// `GET /attachments/{id}`: the file, for callers who may see a petition holding it; sent a
    /// part at a time as the blob store reads it.
    func download(_ request: Request, _ context: Context) async throws -> Response {
        _ = try ParameterReader(request, allowed: [])
        let (desk, caller, id) = (desk, context.caller, context.parameters.get("id") ?? "")
        guard let content = try await blocking({ try desk.attachment(id: id, for: caller) }) else {
            throw Problem(.notFound, type: "not-found", title: "No such attachment", detail: "no attachment '\(id)'")
        }
        let a = content.record
        var headers = HTTPFields()
        headers[.contentType] = a.type.rawValue
        headers[.contentDisposition] = "inline; filename=\"\(a.id.prefix(12)).\(a.type.rawValue.split(separator: "/").last ?? "bin")\""
        // The first part is read before answering, so that a store that fails is a problem, not a cut-off file.
        let first = content.partCount == 0 ? [] : try await blocking { try content.part(0) }
        let body = ResponseBody(contentLength: content.size) { writer in
            try await writer.write(ByteBuffer(bytes: first))
            for index in 1..<max(1, content.partCount) {
                let part = try await blocking { try content.part(index) }
                try await writer.write(ByteBuffer(bytes: part))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// `GET /units/{id}/warnings?months=`: a unit's yellow and red cards month by month (约谈 list).
    func unitWarnings(_ request: Request, _ context: Context) throws -> Response {
        let q = try ParameterReader(request, allowed: ["months"])
        let id = context.parameters.get("id") ?? ""
        let months = try q.int("months", default: 12, range: 1...60)
        do {
            let history = try desk.unitWarnings(unit: id, months: months, for: context.caller)
            return .json(.object(JSONObject([("unit", .string(id)), ("months", .array(history.map { m in
                .object(JSONObject([("month", .string(m.month)), ("warning", StatisticsReport.json(m.warning, petitions: true))]))
            }))])))
        } catch DeskError.invalid {
            throw Problem(.notFound, type: "not-found", title: "No such unit", detail: "no unit '\(id)'")
        }
    }

    /// `GET /petitions?phone=`: the caller's earlier petitions, newest first (dispatchers, admins).
    func history(phone: String, limit: Int, _ context: Context) throws -> Response {
        let caller = context.caller
        let found = try desk.history(phone: phone, limit: limit, for: caller)
        let list: [JSONValue] = found.map { p in
            .object(JSONObject([("id", .string(p.id)), ("received_at", .string(p.receivedAt.description)), ("category", .string(p.category)),
                                ("kind", .string(p.kind.rawValue)), ("status", .string(p.status.rawValue)),
                                ("text", .string(caller.seesPersonalData ? p.text : PersonalDataMask.text(p.text))),
                                ("unit", p.unit.map(JSONValue.string) ?? .null), ("rating", p.rating.map { .string($0.rawValue) } ?? .null)]))
        }
        return .json(.object(JSONObject([("numberMatched", .number(Double(list.count))), ("petitions", .array(list))])))
    }

    /// `GET /supervisions?state=open|overdue|answered&unit=&level=&limit=&offset=`: 督办, overdue first.
    func supervisions(_ request: Request, _ context: Context) throws -> Response {
        try context.caller.require(.readPetitions)
        let q = try ParameterReader(request, allowed: ["state", "unit", "level", "limit", "offset"])
        let state: PetitionDesk.SupervisionLine.State? = q.string("state") == nil ? nil : try q.choice("state", default: .open)
        let level = q.string("level") == nil ? nil : try q.int("level", default: 1, range: 1...3)
        let limit = try q.int("limit", default: 100, range: 1...10_000)
        let offset = try q.int("offset", default: 0, range: 0...Int(Int32.max))
        let lines = try desk.supervisions(state: state, unit: q.string("unit"), level: level, for: context.caller)
        let registry = try desk.registry()
        let list: [JSONValue] = lines.dropFirst(offset).prefix(limit).map { l in
            let s = l.supervision, p = l.petition
            func time(_ t: Timestamp?) -> JSONValue { t.map { .string($0.description) } ?? .null }
            return .object(JSONObject([
                ("petition", .string(p.id)), ("index", .number(Double(l.index))), ("state", .string(l.state.rawValue)),
                ("level", .number(Double(s.level))), ("level_name", .string(CaseState.Supervision.levelNames[s.level] ?? "")),
                ("issuer", .string(s.issuer)), ("at", time(s.at)), ("due", time(s.due)), ("answered_at", time(s.answeredAt)),
                ("category", .string(p.category)), ("status", .string(p.status.rawValue)),
                ("unit", p.unit.map(registry.namedUnit) ?? .null),
            ]))
        }
        return .json(.object(JSONObject([("numberMatched", .number(Double(lines.count))), ("numberReturned", .number(Double(list.count))),
                                         ("supervisions", .array(list))])))
    }

    /// `GET /stats?by=area|unit&level=&from=&to=&min=&top=`.
    func statistics(_ request: Request, _ context: Context) throws -> Response {
        let q = try ParameterReader(request, allowed: ["by", "level", "from", "to", "min", "top", "previous", "area"])
        let by = q.string("by") ?? "area"
        let grouping: StatisticsReport.Grouping
        switch by {
        case "area":
            let name = q.string("level") ?? "street"
            guard let level = AreaLevel(name: name) else {
                throw ParameterError(.invalid, "level", "'\(name)' is not one of \(AreaLevel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            grouping = .area(level)
        case "unit", "category":
            if q.string("level") != nil { throw ParameterError(.invalid, "level", "applies to by=area only") }
            grouping = by == "unit" ? .unit : .category
        default:
            throw ParameterError(.invalid, "by", "'\(by)' is not one of area, unit, category")
        }
        let previous: Bool
        switch q.string("previous") {
        case nil, "false"?: previous = false
        case "true"?: previous = true
        case let v?: throw ParameterError(.invalid, "previous", "'\(v)' is not true or false")
        }
        let from = try q.time("from").map { Timestamp(seconds: $0) }
        // Statistics count petitions received before `to`; a date or an instant given as `to` is included.
        let to = try q.time("to", endOfDay: true).map { Timestamp(seconds: $0 + 1) }
        if let from, let to, from >= to { throw ParameterError(.invalid, "from/to", "from \(from) is not before to \(to)") }
        let report = try desk.statistics(by: grouping, from: from, to: to, minimum: try q.int("min", default: 10, range: 1...1_000_000),
                                         top: try q.int("top", default: 5, range: 1...100), previous: previous, within: q.string("area"),
                                         for: context.caller)
        return .json(report.json)
    }
}
