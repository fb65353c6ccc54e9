/// The figures people are judged by (一比三率 and the rest) for one group of petitions, with
/// the counts behind each rate so that anyone can check the arithmetic. The definitions are
/// written out in the README ("Statistics"); a rate with nothing to count is nil, not 0.
public struct PetitionFigures: Sendable, Equatable {
    /// Received in the window and not rejected: the base of every rate.
    public var petitions = 0
    /// Received in the window and rejected (duplicates, false reports): outside every rate.
    public var rejected = 0
    /// Due a first reply (replied, or past the first-reply deadline), and replied in time.
    public var dueReply = 0
    public var repliedOnTime = 0
    /// With an outcome, and with the outcome "resolved".
    public var withOutcome = 0
    public var resolvedOutcome = 0
    /// Rated by the petitioner, and rated satisfied or mostly satisfied.
    public var rated = 0
    public var satisfied = 0
    /// Resolved or closed now.
    public var finished = 0
    /// Due resolution (finished, or past the resolution deadline), and finished in time.
    public var dueResolution = 0
    public var finishedOnTime = 0
    /// Sum of hours from receipt to resolution over the finished ones.
    public var handlingHours = 0.0
    /// Came back to the same building (or grid cell) after an earlier one was closed.
    public var repeats = 0
    /// Closed, and of those marked for a callback visit.
    public var closed = 0
    public var callbacks = 0
    /// Registered residents of the area (nil for units or where unknown).
    public var residents: Int?
    /// Received in the window and screened unreasonable (甄别不合理): outside every rate, as rejected ones.
    public var unreasonable = 0
    /// From a phone that petitioned the same category within the repeat window before (重信重访).
    public var repeatPetitioners = 0
    /// Times cases were sent back (退回): for a unit, the returns it made — a unit that sends back
    /// often is pushing work away (推诿).
    public var returns = 0
    /// Petitions rated on several dimensions, and the sums of their ratings (1–5 each).
    public var multiRated = 0
    public var attitudeSum = 0
    public var efficiencySum = 0
    public var resultSum = 0

    public init() {}

    /// 万人诉求比: petitions per 10,000 residents.
    public var per10kResidents: Double? {
        guard let residents, residents > 0 else { return nil }
        return Double(petitions) * 10_000 / Double(residents)
    }
    /// 响应率: first replies in time over petitions due one.
    public var responseRate: Double? { Self.rate(repliedOnTime, dueReply) }
    /// 解决率: outcome "resolved" over petitions with an outcome.
    public var resolutionRate: Double? { Self.rate(resolvedOutcome, withOutcome) }
    /// 满意率: satisfied or mostly satisfied over rated petitions.
    public var satisfactionRate: Double? { Self.rate(satisfied, rated) }
    /// 办结率: resolved or closed over petitions.
    public var closureRate: Double? { Self.rate(finished, petitions) }
    /// 按时办结率: finished by the resolution deadline over petitions due resolution.
    public var onTimeRate: Double? { Self.rate(finishedOnTime, dueResolution) }
    /// 平均办理时长, hours.
    public var averageHandlingHours: Double? { finished > 0 ? handlingHours / Double(finished) : nil }
    /// 重复投诉率: repeats over petitions.
    public var repeatRate: Double? { Self.rate(repeats, petitions) }
    /// 重信重访率: petitions from a caller who petitioned the same category within the window before.
    public var repeatPetitionerRate: Double? { Self.rate(repeatPetitioners, petitions) }
    /// 回访覆盖率: callback visits marked over closed petitions.
    public var callbackCoverage: Double? { Self.rate(callbacks, closed) }
    /// Mean ratings of attitude (态度), efficiency (效率) and result (结果), 1–5.
    public var meanAttitude: Double? { multiRated > 0 ? Double(attitudeSum) / Double(multiRated) : nil }
    public var meanEfficiency: Double? { multiRated > 0 ? Double(efficiencySum) / Double(multiRated) : nil }
    public var meanResult: Double? { multiRated > 0 ? Double(resultSum) / Double(multiRated) : nil }

    static func rate(_ n: Int, _ d: Int) -> Double? { d > 0 ? Double(n) / Double(d) : nil }

    /// Counts one petition, as of `asOf`.
    mutating func add(_ p: Petition, asOf: Timestamp, isRepeat: Bool, isRepeatPetitioner: Bool = false) {
        if p.status == .rejected { rejected += 1; return }
        if p.caseState.screening == .unreasonable { unreasonable += 1; return }
        petitions += 1
        if let r = p.caseState.ratings {
            multiRated += 1
            attitudeSum += r.attitude
            efficiencySum += r.efficiency
            resultSum += r.result
        }
        let firstResponse = p.firstReplyAt ?? p.resolvedAt ?? p.closedAt
        if let by = p.firstReplyBy, firstResponse != nil || by < asOf {
            dueReply += 1
            if let r = firstResponse, r <= by { repliedOnTime += 1 }
        }
        if let o = p.outcome {
            withOutcome += 1
            if o == .resolved { resolvedOutcome += 1 }
        }
        if let r = p.rating {
            rated += 1
            if r.isSatisfied { satisfied += 1 }
        }
        let done = p.status == .resolved || p.status == .closed
        let doneAt = p.resolvedAt ?? p.closedAt
        if done {
            finished += 1
            if let doneAt { handlingHours += Double(doneAt.seconds - p.receivedAt.seconds) / 3600 }
        }
        if let by = p.resolveBy, done || by < asOf {
            dueResolution += 1
            if done, let doneAt, doneAt <= by { finishedOnTime += 1 }
        }
        if isRepeat { repeats += 1 }
        if isRepeatPetitioner { repeatPetitioners += 1 }
        if p.status == .closed {
            closed += 1
            if p.callback { callbacks += 1 }
        }
    }
}
