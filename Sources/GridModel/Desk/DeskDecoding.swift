import GridGeo

/// Reads the petition desk's files and requests: the working-day calendar, the rules file
/// and a posted petition, each with every problem found.
public enum DeskDecoding {
    /// A calendar file: `{"holidays": [{"name", "from", "to"} | {"name", "date"}],
    /// "workdays": [{"name", "date"}]}` with `YYYY-MM-DD` dates.
    /// - Returns: the days it sets (day number → working, name) and the years it covers.
    public static func calendar(_ o: JSONObject) -> (days: [CalendarDay], years: Set<Int>, problems: [FieldProblem]) {
        var problems: [FieldProblem] = []
        var days: [Int: CalendarDay] = [:]
        for (key, working) in [("holidays", false), ("workdays", true)] {
            guard let list = o[key], !list.isNull else { continue }
            guard let items = list.arrayValue else {
                problems.append(FieldProblem(field: key, reason: "expected a list, found \(list.typeName)"))
                continue
            }
            for (k, item) in items.enumerated() {
                let at = "\(key)[\(k)]"
                guard let entry = item.objectValue else {
                    problems.append(FieldProblem(field: at, reason: "expected an object such as {\"name\": \"春节\", \"from\": \"2026-02-15\", \"to\": \"2026-02-23\"}"))
                    continue
                }
                var r = FieldReader(entry)
                let name = r.requiredString("name")
                let single = r.string("date")
                let from = single ?? r.string("from")
                let to = single ?? r.string("to") ?? from
                for p in r.problems { problems.append(FieldProblem(field: "\(at).\(p.field)", reason: p.reason)) }
                guard let from, let to else {
                    problems.append(FieldProblem(field: at, reason: "needs \"date\", or \"from\" and \"to\""))
                    continue
                }
                guard let first = Timestamp.day(fromDate: from), let last = Timestamp.day(fromDate: to) else {
                    problems.append(FieldProblem(field: at, reason: "'\(Timestamp.day(fromDate: from) == nil ? from : to)' is not a YYYY-MM-DD date"))
                    continue
                }
                guard first <= last, last - first < 31 else {
                    problems.append(FieldProblem(field: at, reason: "\(from) to \(to) is not a holiday period (at most 31 days, in order)"))
                    continue
                }
                for day in first...last {
                    if let earlier = days[day], earlier.working != working {
                        problems.append(FieldProblem(field: at, reason: "\(Timestamp.date(ofDay: day)) is both a holiday and a make-up workday (\(earlier.name))"))
                    }
                    days[day] = CalendarDay(day: day, working: working, name: name)
                }
            }
        }
        if days.isEmpty, problems.isEmpty {
            problems.append(FieldProblem(field: "holidays", reason: "the calendar lists no holidays and no make-up workdays"))
        }
        let years = Set(days.keys.map { Timestamp.civil(fromDays: $0).year })
        return (days.values.sorted { $0.day < $1.day }, years, problems)
    }

    /// The rules file: `{"rules": [...], "callback_rate", "callback_seed", "duplicates":
    /// {"radius_m", "days"}, "repeat_days", "due_soon_hours"}`.
    /// - Parameter categories: known category codes, to catch rules for categories that do not exist.
    public static func policy(_ o: JSONObject, categories: Set<String>) -> (DeskPolicy?, [FieldProblem]) {
        var r = FieldReader(o)
        var policy = DeskPolicy()
        if case .number(let rate)? = o["callback_rate"] {
            if (0...1).contains(rate) { policy.callbackRate = rate } else { r.problem("callback_rate", "\(rate) is not a share between 0 and 1 (0.2 = 20%)") }
        } else if let v = o["callback_rate"], !v.isNull { r.problem("callback_rate", "expected a number between 0 and 1, found \(v.typeName)") }
        policy.callbackSeed = r.string("callback_seed") ?? policy.callbackSeed
        policy.repeatDays = r.int("repeat_days", range: 1...3650) ?? policy.repeatDays
        policy.dueSoonHours = r.int("due_soon_hours", range: 1...720) ?? policy.dueSoonHours
        if let d = o["duplicates"]?.objectValue {
            var dr = FieldReader(d)
            if let m = d["radius_m"]?.doubleValue {
                if m >= 0, m <= 10_000 { policy.duplicateRadiusMetres = m } else { dr.problem("radius_m", "\(m) is outside 0…10000 metres") }
            }
            policy.duplicateDays = dr.int("days", range: 0...365) ?? policy.duplicateDays
            for p in dr.problems { r.problem("duplicates.\(p.field)", p.reason) }
        }
        if let w = o["warnings"]?.objectValue {
            var wr = FieldReader(w)
            for (key, path) in [("closure_rate", \UnitWarning.Thresholds.closureRate), ("satisfaction_rate", \.satisfactionRate),
                                ("repeat_petitioner_rate", \.repeatPetitionerRate)] {
                guard let v = w[key], !v.isNull else { continue }
                if let d = v.doubleValue, (0...1).contains(d) { policy.warnings[keyPath: path] = d } else { wr.problem(key, "expected a share between 0 and 1, e.g. 0.9") }
            }
            policy.warnings.reopenedNotResolved = wr.int("reopened_not_resolved", range: 0...10_000) ?? policy.warnings.reopenedNotResolved
            for p in wr.problems { r.problem("warnings.\(p.field)", p.reason) }
        }
        var seen: [String: Int] = [:]
        var covered: [String: Int] = [:]
        for (k, item) in (o["rules"]?.arrayValue ?? []).enumerated() {
            let at = "rules[\(k)]"
            guard let entry = item.objectValue else { r.problem(at, "expected an object"); continue }
            var rr = FieldReader(entry)
            let id = rr.requiredString("id")
            let code = rr.requiredString("category")
            var rule = RoutingRule(id: id, category: code == "*" ? nil : code)
            if code != "*", !code.isEmpty, !categories.contains(code) {
                rr.problem("category", "'\(code)' is not a known category (import categories first, or use \"*\" for all)")
            }
            if entry["level"] != nil { rule.level = rr.level("level") }
            for (j, raise) in (entry["raise"]?.arrayValue ?? []).enumerated() {
                guard let ro = raise.objectValue else { rr.problem("raise[\(j)]", "expected an object"); continue }
                var xr = FieldReader(ro)
                let urgency: Petition.Urgency? = ro["urgency"] == nil ? nil : xr.choice("urgency")
                let kind: Petition.Kind? = ro["kind"] == nil ? nil : xr.choice("kind")
                if urgency == nil, kind == nil, xr.problems.isEmpty { xr.problem("urgency", "a raise needs an urgency, a kind or both") }
                if let level = xr.level("level"), xr.problems.isEmpty {
                    rule.raises.append(RoutingRule.Raise(urgency: urgency, kind: kind, level: level))
                }
                for p in xr.problems { rr.problem("raise[\(j)].\(p.field)", p.reason) }
            }
            for (j, name) in rr.stringList("assist").enumerated() {
                if let l = AreaLevel(name: name) { rule.assist.append(l) } else { rr.problem("assist[\(j)]", "'\(name)' is not a level") }
            }
            rule.note = rr.string("note")
            if let earlier = seen[id] { rr.problem("id", "'\(id)' is used by rules[\(earlier)] too") }
            if let earlier = covered[code] { rr.problem("category", "'\(code)' already has a rule, rules[\(earlier)]: one rule per category") }
            seen[id] = k
            covered[code] = k
            for p in rr.problems { r.problem("\(at).\(p.field)", p.reason) }
            if rr.problems.isEmpty { policy.rules.append(rule) }
        }
        if o["rules"] == nil { r.problem("rules", "required: a list of routing rules (may be empty)") }
        return r.problems.isEmpty ? (policy, []) : (nil, r.problems)
    }
}

/// A day the calendar file sets: a holiday, or a weekend made a working day (调休).
public struct CalendarDay: Sendable, Equatable {
    public var day: Int
    public var working: Bool
    public var name: String

    public init(day: Int, working: Bool, name: String) {
        self.day = day
        self.working = working
        self.name = name
    }
}

extension WorkingCalendar {
    /// The calendar the listed days make.
    public init(days: [CalendarDay]) {
        self.init(holidays: Set(days.filter { !$0.working }.map(\.day)), makeUpWorkdays: Set(days.filter(\.working).map(\.day)))
    }
}
