import GridGeo
import GridModel
import Testing

/// The petition desk's pure rules: lifecycle, deadlines on the working-day calendar, routing,
/// callback sampling.
@Suite struct DeskRulesTests {
    static func t(_ s: String) -> Timestamp { try! Timestamp.parse(s).get() }

    // MARK: Lifecycle

    @Test func theHappyPathRunsFromReceiptToClosing() {
        var status = Petition.Status.received
        for (action, expected) in [(PetitionEvent.Action.dispatch, Petition.Status.dispatched), (.accept, .accepted), (.reply, .replied),
                                   (.resolve, .resolved), (.evaluate, .closed)] {
            let next = PetitionLifecycle.target(of: action, from: status, rating: .satisfied)
            #expect(next == expected, "\(action) from \(status)")
            status = next ?? status
        }
        #expect(status == .closed)
    }

    @Test func notSatisfiedReopensAndIllegalStepsAreRefused() {
        #expect(PetitionLifecycle.target(of: .evaluate, from: .resolved, rating: .notSatisfied) == .reopened)
        #expect(PetitionLifecycle.target(of: .evaluate, from: .resolved, rating: .mostly) == .closed)
        #expect(PetitionLifecycle.target(of: .resolve, from: .dispatched) == nil)
        #expect(PetitionLifecycle.target(of: .accept, from: .closed) == nil)
        #expect(PetitionLifecycle.target(of: .dispatch, from: .rejected) == nil)
        #expect(PetitionLifecycle.allowedActions(from: .rejected) == [.screen, .note])
        #expect(PetitionLifecycle.target(of: .reopen, from: .closed) == .reopened)
        #expect(PetitionLifecycle.target(of: .accept, from: .reopened) == .accepted)
        #expect(PetitionLifecycle.target(of: .merge, from: .received) == .rejected)
        #expect(PetitionLifecycle.target(of: .place, from: .unplaced) == .received)
        // Annotations keep the status.
        #expect(PetitionLifecycle.target(of: .escalate, from: .accepted) == .accepted)
        #expect(PetitionLifecycle.target(of: .note, from: .closed) == .closed)
    }

    @Test func applyingEventsKeepsTheMilestones() {
        var p = Petition(id: "X", receivedAt: Self.t("2026-11-02T09:00:00+08:00"), channel: .hotline, kind: .request, category: "water",
                         urgency: .normal, text: "停水", location: nil, status: .received)
        p.resolveBy = Self.t("2026-11-16T23:59:59+08:00")
        let policy = DeskPolicy(callbackRate: 0)
        func event(_ a: PetitionEvent.Action, _ at: String, _ details: [String: String] = [:]) -> PetitionEvent {
            PetitionEvent(at: Self.t(at), actor: "t", action: a, from: p.status,
                          to: PetitionLifecycle.target(of: a, from: p.status, rating: details["rating"].flatMap(Petition.Rating.init(rawValue:)))!,
                          details: details)
        }
        p.apply(event(.dispatch, "2026-11-02T10:00:00+08:00", ["unit": "U-D"]), policy: policy)
        p.apply(event(.accept, "2026-11-02T11:00:00+08:00"), policy: policy)
        p.apply(event(.reply, "2026-11-03T11:00:00+08:00"), policy: policy)
        p.apply(event(.reply, "2026-11-04T11:00:00+08:00"), policy: policy)
        p.apply(event(.resolve, "2026-11-05T11:00:00+08:00", ["outcome": "resolved"]), policy: policy)
        #expect(p.unit == "U-D")
        #expect(p.dispatchedAt == Self.t("2026-11-02T10:00:00+08:00"))
        #expect(p.firstReplyAt == Self.t("2026-11-03T11:00:00+08:00"), "the first reply counts, not the last")
        #expect(p.outcome == .resolved)
        p.apply(event(.evaluate, "2026-11-06T11:00:00+08:00", ["rating": "not_satisfied"]), policy: policy)
        #expect(p.status == .reopened)
        #expect(p.round == 2)
        #expect(p.resolvedAt == nil)
        #expect(p.callback, "every dissatisfied case gets a callback")
    }

    @Test func theNextWarningTimeFollowsWhatIsStillUnwarned() {
        var p = Petition(id: "X", receivedAt: Self.t("2026-11-02T09:00:00+08:00"), channel: .hotline, kind: .request, category: "water",
                         urgency: .normal, text: "停水", location: nil, status: .received)
        p.dispatchBy = Self.t("2026-11-02T11:00:00+08:00")
        p.firstReplyBy = Self.t("2026-11-04T23:59:59+08:00")
        p.resolveBy = Self.t("2026-11-16T23:59:59+08:00")
        #expect(p.nextWarningAt == p.dispatchBy)
        // Nothing is due before the earliest deadline has passed.
        #expect(p.raiseDueWarnings(at: Self.t("2026-11-02T11:00:00+08:00"), sequence: 2).isEmpty)
        // Past two deadlines: two warnings, numbered on, and the next time is the third deadline.
        let two = p.raiseDueWarnings(at: Self.t("2026-11-05T09:00:00+08:00"), sequence: 2)
        #expect(two.map(\.sequence) == [2, 3])
        #expect(two.map { $0.details["deadline"] } == ["dispatch", "first_reply"])
        #expect(two.allSatisfy { $0.action == .warn && $0.from == .received && $0.to == .received && $0.actor == "system" })
        #expect(p.nextWarningAt == p.resolveBy)
        #expect(p.raiseDueWarnings(at: Self.t("2026-11-05T10:00:00+08:00"), sequence: 4).isEmpty, "each deadline warns once")
        // A supervision due earlier than the resolution comes first; answered, it no longer counts.
        p.caseState.supervisions.append(.init(level: 2, issuer: "督查室", at: Self.t("2026-11-05T10:00:00+08:00"),
                                              due: Self.t("2026-11-08T18:00:00+08:00"), note: "限期回复"))
        #expect(p.nextWarningAt == Self.t("2026-11-08T18:00:00+08:00"))
        let late = p.raiseDueWarnings(at: Self.t("2026-11-09T09:00:00+08:00"), sequence: 4)
        #expect(late.map { $0.details["supervision"] } == ["0"])
        #expect(late.first?.note == "督办逾期未回复（2026-11-08T18:00:00+08:00）")
        #expect(p.nextWarningAt == p.resolveBy)
        // A finished case needs no warning at all.
        p.status = .closed
        #expect(p.nextWarningAt == nil)
        #expect(p.raiseDueWarnings(at: Self.t("2026-12-01T09:00:00+08:00"), sequence: 5).isEmpty)
    }

    // MARK: Deadlines

    static let calendar2026 = WorkingCalendar(days: DeskDecoding.calendar(try! JSONParser.parse("""
        {"holidays":[{"name":"春节","from":"2026-02-15","to":"2026-02-23"},{"name":"国庆节","from":"2026-10-01","to":"2026-10-07"}],
         "workdays":[{"name":"春节调休","date":"2026-02-14"},{"name":"春节调休","date":"2026-02-28"},
                     {"name":"国庆调休","date":"2026-09-20"},{"name":"国庆调休","date":"2026-10-10"}]}
        """).objectValue!).days)

    @Test func resolutionCountsWorkingDaysAcrossAHolidayAndItsMakeUpDay() {
        let c = Self.calendar2026
        // Friday 13 Feb: Sat 14 is a make-up workday (1), 15–23 the Spring Festival, then 24 (2), 25 (3).
        #expect(c.deadline(from: Self.t("2026-02-13T16:00:00+08:00"), workingDays: 3).description == "2026-02-25T23:59:59+08:00")
        // Wednesday 30 Sep: 1–7 Oct off, Thu 8 (1), Fri 9 (2), Sat 10 make-up (3), Mon 12 (4), Tue 13 (5).
        #expect(c.deadline(from: Self.t("2026-09-30T10:00:00+08:00"), workingDays: 5).description == "2026-10-13T23:59:59+08:00")
        // Without the calendar the same days count as ordinary weekdays.
        #expect(WorkingCalendar().deadline(from: Self.t("2026-09-30T10:00:00+08:00"), workingDays: 5).description == "2026-10-07T23:59:59+08:00")
        // Received late on a holiday evening (UTC still the day before): counted from the China day.
        #expect(c.deadline(from: Self.t("2026-10-07T23:30:00+08:00"), workingDays: 1).description == "2026-10-08T23:59:59+08:00")
    }

    @Test func deadlinesFollowKindAndDifficulty() {
        var rules = Category.Deadlines(dispatchDays: 0, firstReplyDays: 5, resolveWorkingDays: 20,
                                       resolveWorkingDaysByKind: [.consult: 0, .suggest: 15, .request: 20, .complain: 30])
        let received = Self.t("2026-11-02T09:00:00+08:00")  // a Monday
        let consult = PetitionDeadlines(receivedAt: received, kind: .consult, difficulty: nil, category: rules, calendar: Self.calendar2026)
        #expect(consult.dispatch.description == "2026-11-02T23:59:59+08:00", "dispatched the same day")
        #expect(consult.firstReply.description == "2026-11-07T23:59:59+08:00", "first reply within 5 calendar days")
        #expect(consult.resolve.description == "2026-11-02T23:59:59+08:00", "a consultation is answered at once")
        let suggest = PetitionDeadlines(receivedAt: received, kind: .suggest, difficulty: nil, category: rules, calendar: Self.calendar2026)
        #expect(suggest.resolve.description == "2026-11-23T23:59:59+08:00")
        let complain = PetitionDeadlines(receivedAt: received, kind: .complain, difficulty: nil, category: rules, calendar: Self.calendar2026)
        #expect(complain.resolve.description == "2026-12-14T23:59:59+08:00")
        // Xining tiers: graded difficulty wins over kind.
        rules.difficultyTiers = [1, 3, 7, 11]
        let hard = PetitionDeadlines(receivedAt: received, kind: .complain, difficulty: 4, category: rules, calendar: Self.calendar2026)
        #expect(hard.resolve.description == "2026-11-17T23:59:59+08:00")
        let easy = PetitionDeadlines(receivedAt: received, kind: .complain, difficulty: 1, category: rules, calendar: Self.calendar2026)
        #expect(easy.resolve.description == "2026-11-03T23:59:59+08:00")
    }

    // MARK: Routing

    static let units = [
        ResponsibleUnit(id: "U-D", name: "东区水务局", level: .district, jurisdiction: ["D"], categories: ["water"]),
        ResponsibleUnit(id: "U-S1", name: "炳草岗街道办事处", level: .street, jurisdiction: ["S1"], categories: ["property", "noise"]),
        ResponsibleUnit(id: "U-S2", name: "东华街道办事处", level: .street, jurisdiction: ["S2"], categories: ["noise"]),
        ResponsibleUnit(id: "U-C1", name: "阳城社区居民委员会", level: .community, jurisdiction: ["C1"], categories: ["property"]),
    ]
    static let inC1 = AreaPlacement(ids: [.district: "D", .street: "S1", .community: "C1", .grid: "G1"])
    static let inC2 = AreaPlacement(ids: [.district: "D", .street: "S2", .community: "C2", .grid: "G3"])
    static func category(_ code: String, _ level: AreaLevel) -> Category {
        Category(code: code, nameZh: code == "water" ? "供水" : code == "noise" ? "噪声" : "物业", nameEn: code, defaultLevel: level,
                 deadlines: .init())
    }
    static let policy = DeskPolicy(rules: [
        RoutingRule(id: "R-property", category: "property", level: .community, raises: [.init(kind: .complain, level: .street)]),
        RoutingRule(id: "R-water", category: "water", level: .district, assist: [.street, .community]),
    ])

    @Test func aRuleChoosesTheLevelAndTheLocalUnitThere() {
        let router = PetitionRouter(units: Self.units, policy: Self.policy, areaNames: ["C1": "阳城社区"])
        let d = router.route(category: Self.category("property", .street), kind: .request, urgency: .normal, placement: Self.inC1)
        #expect(d.lead?.id == "U-C1")
        #expect(d.ruleID == "R-property")
        #expect(d.reason.contains("规则 R-property"))
        #expect(d.reason.contains("阳城社区"))
        // A complaint goes up to the street.
        let c = router.route(category: Self.category("property", .street), kind: .complain, urgency: .normal, placement: Self.inC1)
        #expect(c.lead?.id == "U-S1")
        #expect(c.reason.contains("上提至街道乡镇级"))
    }

    @Test func withNoUnitAtTheLevelTheCaseGoesUpAndTheReasonSaysSo() {
        let router = PetitionRouter(units: Self.units, policy: Self.policy)
        // No community unit handles property in C2, nor a street unit in S2: nobody — by hand.
        let none = router.route(category: Self.category("property", .community), kind: .request, urgency: .normal, placement: Self.inC2)
        #expect(none.lead == nil)
        #expect(none.reason.contains("人工派单"))
        // Noise has no rule: the category's default (community) — no community unit handles it, so the street.
        let noise = router.route(category: Self.category("noise", .community), kind: .request, urgency: .normal, placement: Self.inC2)
        #expect(noise.lead?.id == "U-S2")
        #expect(noise.ruleID == "default")
        #expect(noise.reason.contains("上移至街道乡镇级"))
    }

    @Test func assistingUnitsAreTheLocalOnes() {
        let router = PetitionRouter(units: Self.units, policy: Self.policy)
        let d = router.route(category: Self.category("water", .district), kind: .request, urgency: .normal, placement: Self.inC1)
        #expect(d.lead?.id == "U-D")
        // The street office and the community committee assist though neither handles water.
        #expect(d.assisting.map(\.id) == ["U-S1", "U-C1"])
        let east = router.route(category: Self.category("water", .district), kind: .request, urgency: .normal, placement: Self.inC2)
        #expect(east.assisting.map(\.id) == ["U-S2"])
    }

    // MARK: Callbacks

    @Test func theCallbackSampleIsReproducibleNearItsRateAndTakesEveryDissatisfiedCase() {
        let policy = DeskPolicy(callbackRate: 0.2, callbackSeed: "2026")
        let ids = (0..<10_000).map { "SQ20261123\($0)" }
        let picked = ids.filter { policy.needsCallback(petitionID: $0, dissatisfied: false) }
        #expect(picked.count > 1_850 && picked.count < 2_150, "\(picked.count) of 10,000")
        #expect(picked == ids.filter { DeskPolicy(callbackRate: 0.2, callbackSeed: "2026").needsCallback(petitionID: $0, dissatisfied: false) })
        let reseeded = ids.filter { DeskPolicy(callbackRate: 0.2, callbackSeed: "2027").needsCallback(petitionID: $0, dissatisfied: false) }
        #expect(reseeded != picked)
        #expect(ids.allSatisfy { DeskPolicy(callbackRate: 0).needsCallback(petitionID: $0, dissatisfied: true) })
    }

    // MARK: Files and bodies

    @Test func aBadCalendarOrRulesFileListsEveryProblem() throws {
        let calendar = DeskDecoding.calendar(try JSONParser.parse("""
            {"holidays":[{"name":"春节","from":"2026-02-30","to":"2026-03-01"},{"name":"x","from":"2026-05-05","to":"2026-05-01"},
                         {"name":"国庆","date":"2026-10-10"}],
             "workdays":[{"name":"调休","date":"2026-10-10"}]}
            """).objectValue!)
        let reasons = calendar.problems.map { "\($0.field): \($0.reason)" }
        #expect(reasons.contains { $0.hasPrefix("holidays[0]") && $0.contains("2026-02-30") })
        #expect(reasons.contains { $0.hasPrefix("holidays[1]") && $0.contains("not a holiday period") })
        #expect(reasons.contains { $0.hasPrefix("workdays[0]") && $0.contains("both a holiday and a make-up workday") })
        let rules = DeskDecoding.policy(try JSONParser.parse("""
            {"callback_rate":1.5,"rules":[{"id":"R1","category":"gas","level":"town"},{"id":"R1","category":"water","raise":[{"level":"city"}]}]}
            """).objectValue!, categories: ["water"])
        #expect(rules.0 == nil)
        let fields = rules.1.map(\.field)
        #expect(fields.contains("callback_rate"))
        #expect(fields.contains("rules[0].category"))
        #expect(fields.contains("rules[0].level"))
        #expect(fields.contains("rules[1].id"))
        #expect(fields.contains("rules[1].raise[0].urgency"))
    }

    @Test func aPostedPetitionNamesEachBadField() throws {
        let (intake, problems) = PetitionIntake.decode(try JSONParser.parse("""
            {"channel":"fax","kind":"request","category":"gas","text":"","location":{"lon":200,"lat":26},"colour":"red"}
            """).objectValue!, categories: ["water"])
        #expect(intake == nil)
        let fields = Set(problems.map(\.field))
        #expect(fields == ["channel", "category", "text", "location", "colour"])
        let (ok, none) = PetitionIntake.decode(try JSONParser.parse("""
            {"channel":"miniapp","kind":"request","category":"water","text":"水管爆裂","location":{"lon":101.7231,"lat":26.5842,"crs":"GCJ-02"},
             "contact":{"name":"张三","phone":"13812345678"}}
            """).objectValue!, categories: ["water"])
        #expect(none.isEmpty)
        #expect(ok?.crs == .gcj02)
        #expect(ok?.urgency == .normal)
        let (neither, why) = PetitionIntake.decode(try JSONParser.parse(#"{"channel":"web","kind":"consult","category":"water","text":"问"}"#).objectValue!,
                                                   categories: ["water"])
        #expect(neither == nil)
        #expect(why.first?.reason.contains("location, an address or both") == true)
    }

    @Test func masksKeepOnlyTheEnds() {
        #expect(PersonalDataMask.phone("13812345678") == "138****5678")
        #expect(PersonalDataMask.idNumber("510402199001011234") == "5104**********1234")
        #expect(PersonalDataMask.name("张三丰") == "张**")
        #expect(PersonalDataMask.phone("110") == "***")
    }
}
