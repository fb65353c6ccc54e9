import GridGeo

/// The case state as the store keeps it: one JSON object, empty members left out.
extension CaseState {
    public var json: JSONValue {
        var o = JSONObject()
        if !supervisions.isEmpty {
            o["supervisions"] = .array(supervisions.map { s in
                var m = JSONObject([("level", .number(Double(s.level))), ("issuer", .string(s.issuer)), ("at", .string(s.at.description)),
                                    ("due", .string(s.due.description)), ("note", .string(s.note))])
                if let a = s.answeredAt { m["answered_at"] = .string(a.description) }
                if let a = s.answer { m["answer"] = .string(a) }
                if s.warned { m["warned"] = .bool(true) }
                return .object(m)
            })
        }
        if let e = extensionRequest {
            o["extension_request"] = .object(JSONObject([("working_days", .number(Double(e.workingDays))), ("reason", .string(e.reason)),
                                                          ("at", .string(e.at.description)), ("by", .string(e.by))]))
        }
        if let r = returnedFrom { o["returned_from"] = .string(r.rawValue) }
        if !returnedBy.isEmpty { o["returned_by"] = .array(returnedBy.map(JSONValue.string)) }
        if let s = screening { o["screening"] = .string(s.rawValue) }
        if let r = ratings {
            o["ratings"] = .object(JSONObject([("attitude", .number(Double(r.attitude))), ("efficiency", .number(Double(r.efficiency))),
                                               ("result", .number(Double(r.result)))]))
        }
        return .object(o)
    }

    /// Reads what `json` wrote; parts that do not read are left out rather than failing the petition.
    public init(json v: JSONValue) {
        self.init()
        func time(_ x: JSONValue?) -> Timestamp? { x?.stringValue.flatMap { try? Timestamp.parse($0).get() } }
        for s in v["supervisions"]?.arrayValue ?? [] {
            guard let level = s["level"]?.intValue, let at = time(s["at"]), let due = time(s["due"]) else { continue }
            var sup = Supervision(level: level, issuer: s["issuer"]?.stringValue ?? "", at: at, due: due, note: s["note"]?.stringValue ?? "")
            sup.answeredAt = time(s["answered_at"])
            sup.answer = s["answer"]?.stringValue
            sup.warned = s["warned"] == .bool(true)
            supervisions.append(sup)
        }
        if let e = v["extension_request"], let days = e["working_days"]?.intValue, let at = time(e["at"]) {
            extensionRequest = ExtensionRequest(workingDays: days, reason: e["reason"]?.stringValue ?? "", at: at, by: e["by"]?.stringValue ?? "")
        }
        returnedFrom = v["returned_from"]?.stringValue.flatMap(Petition.Status.init(rawValue:))
        returnedBy = v["returned_by"]?.arrayValue?.compactMap(\.stringValue) ?? []
        screening = v["screening"]?.stringValue.flatMap(Screening.init(rawValue:))
        if let r = v["ratings"], let a = r["attitude"]?.intValue, let e = r["efficiency"]?.intValue, let x = r["result"]?.intValue {
            ratings = Ratings(attitude: a, efficiency: e, result: x)
        }
    }
}
