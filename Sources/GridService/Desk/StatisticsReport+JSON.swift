import GridGeo
import GridModel

extension StatisticsReport {
    /// The `/stats` answer: rates as fractions (0.957 = 95.7%), rounded to 4 decimals, with
    /// the counts behind them; a rate with nothing to count is null.
    public var json: JSONValue {
        var o = JSONObject()
        switch grouping {
        case .area(let level):
            o["by"] = "area"
            o["level"] = .string(level.rawValue)
        case .unit:
            o["by"] = "unit"
        case .category:
            o["by"] = "category"
        }
        o["from"] = from.map { .string($0.description) } ?? .null
        o["to"] = to.map { .string($0.description) } ?? .null
        o["as_of"] = .string(asOf.description)
        o["definitions"] = "README.md#statistics"
        o["total"] = Self.json(total, previous: previous?.total)
        if let previous {
            o["previous_period"] = .object(JSONObject([("from", .string(previous.from.description)), ("to", .string(previous.to.description))]))
        }
        if disclosure != .none {
            o["disclosure"] = .object(JSONObject([("min_count", .number(Double(disclosure.minimumCount))),
                                                  ("note", "groups of fewer petitions are left out")]))
        }
        o["groups"] = .array(groups.map { g in
            var f = Self.json(g.figures, previous: previous.map { $0.groups[g.id] ?? PetitionFigures() }).objectValue!
            f.members.insert((key: "name", value: .string(g.name)), at: 0)
            f.members.insert((key: "id", value: .string(g.id)), at: 0)
            if grouping == .unit { f["warning"] = Self.json(warnings[g.id] ?? nil, petitions: disclosure == .none) }
            return .object(f)
        })
        if grouping == .unit {
            func list(_ l: [(id: String, name: String, score: Double)]) -> JSONValue {
                .array(l.map { .object(JSONObject([("id", .string($0.id)), ("name", .string($0.name)), ("score", Self.rounded($0.score))])) })
            }
            o["ranking"] = .object(JSONObject([("minimum_petitions", .number(Double(rankingMinimum))),
                                               ("red", list(red)), ("black", list(black))]))
        }
        return .object(o)
    }

    static func rounded(_ v: Double?) -> JSONValue {
        guard let v else { return .null }
        return .number((v * 10_000).rounded() / 10_000)
    }

    /// A unit's card: level, reasons and (for callers who read petitions) the petitions behind it.
    public static func json(_ w: UnitWarning?, petitions: Bool) -> JSONValue {
        guard let w else { return .null }
        var o = JSONObject([("level", .string(w.level.rawValue)), ("reasons", .array(w.reasons.map(JSONValue.string)))])
        if petitions { o["petitions"] = .array(w.petitions.map(JSONValue.string)) }
        return .object(o)
    }

    /// One group's figures; with `previous`, the same figures for the period before under `previous`.
    static func json(_ f: PetitionFigures, previous: PetitionFigures?) -> JSONValue {
        guard case .object(var o) = json(f) else { return .null }
        if let previous { o["previous"] = json(previous) }
        return .object(o)
    }

    static func json(_ f: PetitionFigures) -> JSONValue {
        func n(_ v: Int) -> JSONValue { .number(Double(v)) }
        return .object(JSONObject([
            ("petitions", n(f.petitions)),
            ("residents", f.residents.map(n) ?? .null),
            ("per_10k_residents", f.per10kResidents.map { .number(($0 * 100).rounded() / 100) } ?? .null),
            ("response_rate", rounded(f.responseRate)),
            ("resolution_rate", rounded(f.resolutionRate)),
            ("satisfaction_rate", rounded(f.satisfactionRate)),
            ("closure_rate", rounded(f.closureRate)),
            ("on_time_rate", rounded(f.onTimeRate)),
            ("average_handling_hours", f.averageHandlingHours.map { .number(($0 * 10).rounded() / 10) } ?? .null),
            ("repeat_rate", rounded(f.repeatRate)),
            ("repeat_petitioner_rate", rounded(f.repeatPetitionerRate)),
            ("callback_coverage", rounded(f.callbackCoverage)),
            ("returns", n(f.returns)),
            ("ratings", .object(JSONObject([("attitude", rounded(f.meanAttitude)), ("efficiency", rounded(f.meanEfficiency)),
                                            ("result", rounded(f.meanResult)), ("rated", n(f.multiRated))]))),
            ("counts", .object(JSONObject([
                ("rejected", n(f.rejected)), ("unreasonable", n(f.unreasonable)), ("due_reply", n(f.dueReply)), ("replied_on_time", n(f.repliedOnTime)),
                ("with_outcome", n(f.withOutcome)), ("resolved_outcome", n(f.resolvedOutcome)), ("rated", n(f.rated)),
                ("satisfied", n(f.satisfied)), ("finished", n(f.finished)), ("due_resolution", n(f.dueResolution)),
                ("finished_on_time", n(f.finishedOnTime)), ("repeats", n(f.repeats)), ("repeat_petitioners", n(f.repeatPetitioners)), ("closed", n(f.closed)),
                ("callbacks", n(f.callbacks)),
            ]))),
        ]))
    }
}
