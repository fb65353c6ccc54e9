import Foundation
import GridGeo
import GridModel

/// The petition desk (接、派、办、督、评): takes petitions in, places and routes them, records
/// every step as an event, raises deadline warnings and keeps the supervision list.
///
/// All writes go through the store's transactions; the in-memory registry and locator follow
/// the store. Thread-safe: share one desk between all requests.
public final class PetitionDesk: Sendable {
    let store: any WanggeStore
    /// Where statistics read: a replica, or the store.
    let readStore: any WanggeStore
    let locators: StoreSnapshot<Locator>
    let registries: StoreSnapshot<DeskRegistry>
    let resolvers: StoreSnapshot<AddressResolver>
    /// The desk's clock; tests set it.
    let clock: @Sendable () -> Timestamp
    /// Where attachments' bytes go (a folder beside the database by default).
    let blobs: any BlobStore
    /// The key that turns callers' phones into the hashes their history is found by.
    let contactKeys: StoreSnapshot<ContactKeys>

    /// - Parameters:
    ///   - locators, resolvers: the server's snapshots, to share (else the desk keeps its own).
    ///   - recheckSeconds: how often the desk looks for imports (0: on every request).
    ///   - readStore: where statistics read (a replica may serve them a second behind); nil: `store`.
    public init(store: any WanggeStore, readStore: (any WanggeStore)? = nil, locators: StoreSnapshot<Locator>? = nil, resolvers: StoreSnapshot<AddressResolver>? = nil,
                recheckSeconds: Double = 1, blobs: (any BlobStore)? = nil,
                clock: @escaping @Sendable () -> Timestamp = PetitionDesk.systemClock) {
        self.blobs = blobs ?? store.defaultBlobStore()
        // Read (or made) on first use, then kept: the key never changes under a running desk.
        contactKeys = StoreSnapshot(store: store, following: nil) { ContactKeys(key: try $0.contactKey()) }
        self.store = store
        self.readStore = readStore ?? store
        self.locators = locators ?? StoreSnapshot(store: store, recheckSeconds: recheckSeconds) { try Locator.open(store: $0) }
        registries = StoreSnapshot(store: store, recheckSeconds: recheckSeconds) { try DeskRegistry(store: $0) }
        self.resolvers = resolvers ?? StoreSnapshot(store: store, recheckSeconds: recheckSeconds) { try AddressResolver(store: $0) }
        self.clock = clock
    }

    /// Now, in China Standard Time.
    public static let systemClock: @Sendable () -> Timestamp = { Timestamp(seconds: Int64(Date().timeIntervalSince1970)) }

    public func registry() throws -> DeskRegistry { try registries.current() }

    /// Now, by the desk's clock: the one "now" that deadlines, sign-in and sessions read.
    public func now() -> Timestamp { clock() }

    /// A petition with its events, as the desk answers.
    public struct Record: Sendable {
        public var petition: Petition
        public var events: [PetitionEvent]
        /// The files the petition carries (photos, recordings, documents).
        public var attachments: [Attachment] = []
    }

    // MARK: Intake

    /// Takes a petition in: places it (point and/or address), routes it, sets its deadlines,
    /// flags a likely repeat, and stores it with its first events in one transaction. A
    /// petition that cannot be placed is stored as `unplaced` for a dispatcher; none is dropped.
    /// - Parameter caller: who takes it in (default: a local operator named by `intake.actor`).
    public func intake(_ intake: PetitionIntake, by caller: Caller? = nil) throws -> Record {
        let caller = caller ?? .local(intake.actor)
        let (p, events, registry) = try prepare(intake, by: caller)
        let stored = try store.insertPetition(p, events: events, origin: caller.origin)
        try store.linkAttachments(intake.attachments, to: stored.id, at: p.receivedAt, by: caller.actor)
        return try redacted(Record(petition: stored, events: events, attachments: try store.attachments(of: stored.id)), for: caller, registry: registry)
    }

    /// What taking `intake` in would come to — placed, routed, deadlines, a likely repeat
    /// flagged — without storing anything: what the operator sees before saving. The petition
    /// has no id yet.
    public func preview(_ intake: PetitionIntake, by caller: Caller) throws -> Record {
        let (p, events, registry) = try prepare(intake, by: caller)
        return try redacted(Record(petition: p, events: events), for: caller, registry: registry)
    }

    /// The petition and its first events as an intake makes them (not stored).
    private func prepare(_ intake: PetitionIntake, by caller: Caller) throws -> (Petition, [PetitionEvent], DeskRegistry) {
        try caller.require(.takePetitions)
        let registry = try registries.current()
        let now = clock()
        let receivedAt = intake.receivedAt ?? now
        if receivedAt.seconds > now.seconds + 300 {
            throw DeskError.invalid([FieldProblem(field: "received_at", reason: "\(receivedAt) is in the future (now \(now))")])
        }
        guard let category = registry.categories[intake.category] else {
            throw DeskError.invalid([FieldProblem(field: "category", reason: "'\(intake.category)' is not a known category")])
        }
        try checkAttachments(intake.attachments, field: "attachments")
        var p = Petition(id: "", receivedAt: receivedAt, channel: intake.channel, kind: intake.kind, category: intake.category,
                         urgency: intake.urgency, text: intake.text, address: intake.address, location: nil, status: .received)
        p.contact = intake.contact
        p.contactKey = try intake.contact?.phone.flatMap { try contactKeys.current().hash(phone: $0) }
        p.difficulty = intake.difficulty
        p.crs = intake.crs
        let deadlines = PetitionDeadlines(receivedAt: receivedAt, kind: intake.kind, difficulty: intake.difficulty,
                                          category: category.deadlines, calendar: registry.calendar)
        p.dispatchBy = deadlines.dispatch
        p.firstReplyBy = deadlines.firstReply
        p.resolveBy = deadlines.resolve
        try placer().place(&p, point: intake.location.map { intake.crs.toWGS84($0) }, building: nil)
        p.boundaryVersion = registry.boundaryVersion

        var events = [PetitionEvent(sequence: 1, at: receivedAt, actor: caller.actor, action: .receive, from: nil,
                                    to: .received, details: Self.signature(intake.actor, caller).merging(["channel": intake.channel.rawValue]) { a, _ in a }
                                        .merging(intake.receivedDetails) { a, _ in a })]
        if p.placement[.grid] == nil {
            p.status = .unplaced
            events[0].to = .unplaced
            events[0].note = intake.location == nil && intake.address != nil
                ? "地址未能确定到登记的楼栋，待调度员人工定位"
                : "位置不在任何网格内，待调度员人工定位"
        } else {
            route(&p, category: category, registry: registry)
            // A repeat the caller may see is held for the dispatcher with a note; one outside the
            // caller's scope is flagged for the dispatcher too, but the case goes on as any other
            // so that nothing in the caller's answer gives the other petition away.
            let repeats = try likelyRepeats(of: p, policy: registry.policy)
            if let earlier = repeats.first(where: { caller.sees($0.petition, sensitive: registry.sensitiveCategories) }) {
                p.duplicateOf = earlier.petition.id
                events[0].note = "疑似重复：与 \(earlier.petition.id) 同类别，相距 \(Int(earlier.metres.rounded())) 米，待调度员合并或保留"
                events[0].details["duplicate_of"] = earlier.petition.id
            } else {
                if let hidden = repeats.first {
                    p.duplicateOf = hidden.petition.id
                    events[0].details["duplicate_of"] = hidden.petition.id
                }
                if p.unit != nil { events.append(autoDispatch(&p, at: now, sequence: 2)) }
            }
        }
        return (p, events, registry)
    }

    /// The name a person typed into the request (`"actor": "水务局 李工"`), kept beside the
    /// token that vouches for it; the event's actor is always the token.
    static func signature(_ typed: String, _ caller: Caller) -> [String: String] {
        typed.isEmpty || typed == caller.actor ? [:] : ["signed": typed]
    }

    private func placer() throws -> PetitionPlacer {
        PetitionPlacer(locator: try locators.current(), resolver: { [resolvers] in try resolvers.current() })
    }

    private func route(_ p: inout Petition, category: Category, registry: DeskRegistry) {
        let decision = registry.router.route(category: category, kind: p.kind, urgency: p.urgency, placement: p.placement)
        p.unit = decision.lead?.id
        p.assistingUnits = decision.assisting.map(\.id)
        p.ruleID = decision.ruleID
        p.ruleReason = decision.reason
    }

    private func autoDispatch(_ p: inout Petition, at: Timestamp, sequence: Int) -> PetitionEvent {
        let e = PetitionEvent(sequence: sequence, at: at, actor: "system", action: .dispatch, from: p.status, to: .dispatched,
                              note: p.ruleReason, details: ["unit": p.unit ?? "", "rule": p.ruleID ?? ""])
        p.apply(e, policy: DeskPolicy())
        return e
    }

    /// The open petitions of the same category within the policy's radius and days before this
    /// one, nearest first.
    private func likelyRepeats(of p: Petition, policy: DeskPolicy) throws -> [(petition: Petition, metres: Double)] {
        guard let at = p.location, policy.duplicateRadiusMetres > 0 else { return [] }
        let r = policy.duplicateRadiusMetres
        let dLat = r / Geodesy.metresPerDegreeLatitude(atLatitude: at.lat)
        let dLon = r / Geodesy.metresPerDegreeLongitude(atLatitude: at.lat)
        let box = BoundingBox(minLon: at.lon - dLon, minLat: at.lat - dLat, maxLon: at.lon + dLon, maxLat: at.lat + dLat)
        let since = Timestamp(seconds: p.receivedAt.seconds - Int64(policy.duplicateDays) * 86_400)
        return try store.openPetitions(category: p.category, near: box, since: since, until: p.receivedAt).compactMap { q in
            guard q.id != p.id, let qa = q.location else { return nil }
            let m = Geodesy.distance(at, qa)
            return m <= r ? (q, m) : nil
        }.sorted { $0.metres < $1.metres || ($0.metres == $1.metres && $0.petition.id < $1.petition.id) }
    }

    /// Whether `caller` may read the petition `id` (by the scoped query, as for any read).
    func mayRead(_ id: String, _ caller: Caller, registry: DeskRegistry) throws -> Bool {
        try caller.may(.readPetitions) && store.petition(id: id, scope: caller.petitionScope(sensitive: registry.sensitiveCategories)) != nil
    }

    /// The record as `caller` may see it: a likely repeat, a merge or a kept repeat that points
    /// at a petition outside the caller's scope is left out, as if it were not there.
    func redacted(_ record: Record, for caller: Caller, registry: DeskRegistry) throws -> Record {
        var out = record
        let references = Set([record.petition.duplicateOf].compactMap { $0 }
            + record.events.flatMap { e in ["duplicate_of", "was_duplicate_of", "into"].compactMap { e.details[$0] } })
        for other in references {
            guard try !mayRead(other, caller, registry: registry) else { continue }
            if out.petition.duplicateOf == other { out.petition.duplicateOf = nil }
            for k in out.events.indices {
                for key in ["duplicate_of", "was_duplicate_of", "into"] where out.events[k].details[key] == other {
                    out.events[k].details[key] = nil
                }
            }
        }
        return out
    }

    // MARK: Events

    /// The petition and its events, or nil when there is none the caller may see. A read that
    /// shows the petitioner's contact whole is audited.
    /// - Parameter caller: who asks (default: a local operator, who sees everything).
    public func record(id: String, for caller: Caller = .local("desk")) throws -> Record? {
        try caller.require(.readPetitions)
        let registry = try registries.current()
        // Scoped in the query itself: a hidden petition and a missing one cost the same.
        guard let p = try store.petition(id: id, scope: caller.petitionScope(sensitive: registry.sensitiveCategories)),
              caller.sees(p, sensitive: registry.sensitiveCategories) else {
            return nil
        }
        if caller.seesPersonalData, p.contact != nil {
            try store.recordAudit(at: clock(), actor: caller.actor, action: "read.petition.contact", target: id,
                                  origin: caller.origin, detail: nil)
        }
        return try redacted(Record(petition: p, events: try store.events(of: id), attachments: try store.attachments(of: id)),
                            for: caller, registry: registry)
    }

    /// Records an event on a petition after checking it against the lifecycle and the case.
    /// - Returns: nil when there is no such petition; else the petition after the event and the
    ///   events this request added (a placement may add an automatic dispatch).
    /// - Parameter caller: who posts it (default: a local operator named by `request.actor`).
    ///   A petition outside the caller's scope is reported missing (nil).
    public func post(_ request: PetitionEventRequest, to id: String, by caller: Caller? = nil) throws -> Record? {
        let caller = caller ?? .local(request.actor)
        if !caller.may(.readPetitions) { try caller.require(.post(request.action)) }
        let registry = try registries.current()
        let now = clock()
        let scope = caller.petitionScope(sensitive: registry.sensitiveCategories)
        guard let current = try store.petition(id: id, scope: scope), caller.sees(current, sensitive: registry.sensitiveCategories) else { return nil }
        try caller.require(.post(request.action))
        if let into = request.into, request.action == .merge {
            if into == id { throw DeskError.conflict("a petition cannot be merged into itself") }
            if try store.petition(id: into, scope: scope) == nil { throw DeskError.invalid([FieldProblem(field: "into", reason: "no petition '\(into)'")]) }
        }
        if let unit = request.unit, registry.units[unit] == nil {
            throw DeskError.invalid([FieldProblem(field: "unit", reason: "no unit '\(unit)'")])
        }
        try checkAttachments(request.evidence ?? [], field: "evidence")
        for unit in request.assist ?? [] where registry.units[unit] == nil {
            throw DeskError.invalid([FieldProblem(field: "assist", reason: "no unit '\(unit)'")])
        }
        if let c = request.category, registry.categories[c] == nil {
            throw DeskError.invalid([FieldProblem(field: "category", reason: "'\(c)' is not a known category")])
        }
        if let due = request.due, due <= now {
            throw DeskError.invalid([FieldProblem(field: "due", reason: "\(due) is not in the future (now \(now))")])
        }
        // Placing reads the store, so it happens before the transaction (the store's lock is
        // not re-entrant); the address it uses never changes.
        var placed: Petition?
        if request.action == .place {
            var copy = current
            try placer().place(&copy, point: request.location.map { request.crs.toWGS84($0) }, building: request.building)
            placed = copy
        }
        let result = try store.updatePetition(id: id, origin: caller.origin) { p, next -> (events: [PetitionEvent], result: Record?) in
            // Checked again in the transaction: a re-dispatch meanwhile may have moved it out of scope.
            guard caller.sees(p, sensitive: registry.sensitiveCategories) else { return ([], nil) }
            let from = p.status
            if !caller.leads(request.action, on: p) {
                throw AccessDenied.forbidden("only the lead unit (主办) of \(id) may '\(request.action.rawValue)'; an assisting unit may note and report progress")
            }
            guard let to = PetitionLifecycle.target(of: request.action, from: from, rating: request.rating,
                                                    returnedFrom: p.caseState.returnedFrom) else {
                throw DeskError.illegalTransition(id: id, action: request.action, status: from,
                                                  allowed: PetitionLifecycle.allowedActions(from: from).filter { $0 != .warn })
            }
            var e = PetitionEvent(sequence: next, at: now, actor: caller.actor, action: request.action, from: from, to: to,
                                  note: request.note, details: Self.signature(request.actor, caller))
            var added: [PetitionEvent] = []
            switch request.action {
            case .dispatch:
                guard let unit = request.unit ?? p.unit else {
                    throw DeskError.conflict("no unit is routed for \(id): name one with \"unit\"")
                }
                // A second dispatch moves the case from one unit to another: say why.
                if p.dispatchedAt != nil, from != .reopened, request.note == nil {
                    throw DeskError.invalid([FieldProblem(field: "note", reason: "required to re-dispatch: why the case moves from \(p.unit ?? "its unit") to \(unit)")])
                }
                e.details["unit"] = unit
                if let previous = p.unit, previous != unit { e.details["from_unit"] = previous }
                if let assist = request.assist {
                    if assist.contains(unit) { throw DeskError.invalid([FieldProblem(field: "assist", reason: "\(unit) leads; it cannot also assist")]) }
                    e.details["assist"] = assist.joined(separator: ",")
                }
            case .resolve:
                e.details["outcome"] = request.outcome?.rawValue
                if let evidence = request.evidence { e.details["evidence"] = evidence.joined(separator: ",") }
            case .evaluate:
                e.details["rating"] = request.rating?.rawValue
                e.details["outcome"] = request.outcome?.rawValue
                if let r = request.ratings {
                    e.details["attitude"] = String(r.attitude)
                    e.details["efficiency"] = String(r.efficiency)
                    e.details["result"] = String(r.result)
                }
            case .supervise:
                let level = request.level ?? 1
                if let open = p.caseState.supervisions.filter(\.isOpen).map(\.level).max(), open >= level {
                    throw DeskError.conflict("a level-\(open) supervision (\(CaseState.Supervision.levelNames[open] ?? "")) is still open on \(id): a new one must be of a higher level, or wait for the answer")
                }
                e.details["level"] = String(level)
                e.details["due"] = request.due?.description
            case .answerSupervision:
                guard p.caseState.openSupervisionIndex != nil else { throw DeskError.conflict("\(id) has no open supervision to answer") }
            case .sendBack:
                e.details["unit"] = p.unit
            case .refuseReturn:
                e.details["unit"] = p.unit
            case .extend:
                if let pending = p.caseState.extensionRequest {
                    throw DeskError.conflict("\(id) already has an extension of \(pending.workingDays) working days waiting for the dispatcher")
                }
                e.details["working_days"] = request.workingDays.map(String.init)
            case .approveExtension:
                guard let pending = p.caseState.extensionRequest else { throw DeskError.conflict("\(id) has no extension request to decide") }
                let moved = registry.calendar.deadline(from: p.resolveBy ?? now, workingDays: pending.workingDays)
                e.details["working_days"] = String(pending.workingDays)
                e.details["resolve_by"] = moved.description
                e.details["from_resolve_by"] = p.resolveBy?.description
            case .refuseExtension:
                guard p.caseState.extensionRequest != nil else { throw DeskError.conflict("\(id) has no extension request to decide") }
            case .screen:
                e.details["verdict"] = request.verdict?.rawValue
            case .regrade:
                e.details.merge(try regrade(p, request, registry: registry, note: request.note)) { _, new in new }
            case .merge:
                e.details["into"] = request.into
            case .keep:
                guard p.duplicateOf != nil else { throw DeskError.conflict("\(id) is not flagged as a likely repeat") }
                e.details["was_duplicate_of"] = p.duplicateOf
            case .place:
                guard let placed else { break }
                p.location = placed.location
                p.placement = placed.placement
                p.building = placed.building
                p.household = placed.household
                p.boundaryVersion = registry.boundaryVersion
                guard p.placement[.grid] != nil else {
                    throw DeskError.invalid([FieldProblem(field: request.building != nil ? "building" : "location",
                                                          reason: "that place is in no grid cell")])
                }
                e.details["grid"] = p.placement[.grid]
                if let c = registry.categories[p.category] { route(&p, category: c, registry: registry) }
            default: break
            }
            p.apply(e, policy: registry.policy)
            if to == .reopened, let c = registry.categories[p.category] {
                // A new round has a new resolution deadline, counted from the reopening.
                p.resolveBy = registry.calendar.deadline(from: now, workingDays: c.deadlines.resolveWorkingDays(kind: p.kind, difficulty: p.difficulty))
                e.details["resolve_by"] = p.resolveBy?.description
            }
            added.append(e)
            if request.action == .place, p.unit != nil { added.append(autoDispatch(&p, at: now, sequence: next + 1)) }
            return (added, Record(petition: p, events: added))
        } ?? nil
        if result != nil, let evidence = request.evidence {
            try store.linkAttachments(evidence, to: id, at: now, by: caller.actor)
        }
        return result
    }

    /// What a regrade changes, as event details: the old and new grades, the deadlines counted
    /// again from receipt, and — before the unit has accepted — a new route with the reason.
    private func regrade(_ p: Petition, _ request: PetitionEventRequest, registry: DeskRegistry, note: String?) throws -> [String: String] {
        var q = p
        var d: [String: String] = [:]
        if let c = request.category, c != p.category { d["from_category"] = p.category; d["category"] = c; q.category = c }
        if let k = request.kind, k != p.kind { d["from_kind"] = p.kind.rawValue; d["kind"] = k.rawValue; q.kind = k }
        if let u = request.urgency, u != p.urgency { d["from_urgency"] = p.urgency.rawValue; d["urgency"] = u.rawValue; q.urgency = u }
        if let x = request.difficulty, x != p.difficulty {
            d["from_difficulty"] = p.difficulty.map(String.init) ?? ""
            d["difficulty"] = String(x)
            q.difficulty = x
        }
        guard !d.isEmpty else { throw DeskError.conflict("\(p.id) is already graded so: nothing changes") }
        guard let category = registry.categories[q.category] else { return d }
        let deadlines = PetitionDeadlines(receivedAt: p.receivedAt, kind: q.kind, difficulty: q.difficulty, category: category.deadlines,
                                          calendar: registry.calendar)
        d["dispatch_by"] = deadlines.dispatch.description
        d["first_reply_by"] = deadlines.firstReply.description
        d["resolve_by"] = deadlines.resolve.description
        // Before acceptance the case follows its new grading to the unit the rules name.
        if [.received, .dispatched, .returned].contains(p.status), q.placement[.grid] != nil {
            route(&q, category: category, registry: registry)
            d["unit"] = q.unit ?? ""
            d["assist"] = q.assistingUnits.joined(separator: ",")
            d["rule"] = q.ruleID ?? ""
            d["rule_reason"] = "重新定性（\(note ?? "")）：" + (q.ruleReason ?? "")
            if q.unit != p.unit { d["from_unit"] = p.unit ?? "" }
        }
        return d
    }

    // MARK: Supervision

    /// Raises a `warn` event, once per deadline, on every open petition past one.
    /// - Parameter stop: asked between transactions; true ends the round early (a server
    ///   shutting down, a request that has waited long enough) — the rest are warned next round.
    /// - Returns: the number of warnings raised.
    @discardableResult
    public func raiseWarnings(stop: () -> Bool = { false }) throws -> Int {
        let now = clock()
        // By the indexed warning time (`Petition.nextWarningAt`): a round reads the cases due,
        // not every open case.
        let due = try store.petitionsDueForWarning(at: now)
        guard !due.isEmpty else { return 0 }
        // A few hundred cases a transaction: tens of thousands may be due at once, and one long
        // transaction would hold every intake and step behind it.
        var total = 0
        for start in stride(from: 0, to: due.count, by: 200) where !stop() {
            let raised = try store.updatePetitions(ids: Array(due[start..<min(start + 200, due.count)]), origin: nil) { q, next in
                // Decided inside the transaction: another process may have warned meanwhile.
                let events = q.raiseDueWarnings(at: now, sequence: next)
                return (events, events.count)
            }
            total += raised.reduce(0) { $0 + ($1 ?? 0) }
        }
        return total
    }

    /// One line of the supervision list.
    public struct SupervisionEntry: Sendable {
        public var petition: Petition
        /// The deadline that matters: the earliest missed one (overdue) or the next one.
        public var deadline: PetitionDeadlines.Kind
        public var due: Timestamp
        /// Seconds past it (positive) or left (negative).
        public var lateSeconds: Int64
    }

    /// Which list: past a deadline, a deadline within the policy's warning window, or a status.
    public enum SupervisionFilter: Sendable, Equatable {
        case overdue, dueSoon
        case status(Petition.Status)
    }

    /// The supervision list: overdue ranked by how late (latest first), due-soon by time left
    /// (least first), a status oldest first. Warnings are raised first so the list and the
    /// event logs agree.
    /// - Parameter caller: who asks; the list holds only the petitions the caller may see.
    public func supervision(_ filter: SupervisionFilter, unit: String? = nil, area: String? = nil,
                            for caller: Caller = .local("desk")) throws -> [SupervisionEntry] {
        try caller.require(.readPetitions)
        let registry = try registries.current()
        if filter == .overdue {
            // The list waits a second at most for warnings; the server's watch raises the rest.
            let clock = ContinuousClock(), until = clock.now + .seconds(1)
            try raiseWarnings(stop: { clock.now > until })
        }
        let now = clock()
        var status: Petition.Status?
        if case .status(let s) = filter { status = s }
        let petitions: [Petition]
        if let status, !status.isOpen {
            petitions = try store.petitions(status: status, unit: unit, area: area)
        } else {
            petitions = try store.openPetitions(unit: unit, area: area, status: status)
        }
        let window = Int64(registry.policy.dueSoonHours) * 3600
        var out: [SupervisionEntry] = []
        for p in petitions where caller.sees(p, sensitive: registry.sensitiveCategories) {
            let pending = p.pendingDeadlines()
            switch filter {
            case .overdue:
                guard let worst = pending.filter({ now > $0.at }).min(by: { $0.at < $1.at }) else { continue }
                out.append(SupervisionEntry(petition: p, deadline: worst.kind, due: worst.at, lateSeconds: now.seconds - worst.at.seconds))
            case .dueSoon:
                guard let next = pending.filter({ now <= $0.at && $0.at.seconds - now.seconds <= window }).min(by: { $0.at < $1.at }) else { continue }
                out.append(SupervisionEntry(petition: p, deadline: next.kind, due: next.at, lateSeconds: now.seconds - next.at.seconds))
            case .status:
                let next = pending.min(by: { $0.at < $1.at })
                out.append(SupervisionEntry(petition: p, deadline: next?.kind ?? .resolve, due: next?.at ?? p.resolveBy ?? p.receivedAt,
                                            lateSeconds: now.seconds - (next?.at.seconds ?? now.seconds)))
            }
        }
        // A likely repeat of a petition the caller may not see is not shown as one.
        for k in out.indices {
            if let other = out[k].petition.duplicateOf, try !mayRead(other, caller, registry: registry) { out[k].petition.duplicateOf = nil }
        }
        // Latest first for the overdue; for the due-soon (negative lateness) the least time left first.
        if case .status = filter { return out }
        return out.sorted { $0.lateSeconds > $1.lateSeconds || ($0.lateSeconds == $1.lateSeconds && $0.petition.id < $1.petition.id) }
    }
}
