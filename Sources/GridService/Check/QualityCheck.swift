import GridGeo
import GridModel

/// `wangge check`: the data problems grid offices actually have.
public struct QualityCheck: Sendable {
    let store: any WanggeStore

    public init(store: any WanggeStore) { self.store = store }

    public func run(toleranceM2: Double = 1.0) throws -> [QualityProblem] {
        if let empty = try Self.emptiness(of: store) { return [empty] }
        return try store.qualityProblems(toleranceM2: toleranceM2)
    }

    /// The problem of a database with no areas (nothing can be placed in it), or nil.
    public static func emptiness(of store: any WanggeStore) throws -> QualityProblem? {
        guard (try store.counts()["area"] ?? 0) == 0 else { return nil }
        return QualityProblem(kind: .noAreas, subjects: [],
                              message: "the database has no areas: nothing can be placed; load them with `wangge import --db FILE areas FILE.geojson` (or `import all geodata` for the demo)")
    }

    /// "clean" or counts per kind.
    public static func summary(_ problems: [QualityProblem]) -> String {
        guard !problems.isEmpty else { return "clean: no problems found" }
        var counts: [QualityProblem.Kind: Int] = [:]
        for p in problems { counts[p.kind, default: 0] += 1 }
        let parts = QualityProblem.Kind.allCases.compactMap { k in counts[k].map { "\($0) \(k.rawValue)" } }
        return "\(problems.count) problem\(problems.count == 1 ? "" : "s"): " + parts.joined(separator: ", ")
    }

    public static func json(_ problems: [QualityProblem]) -> JSONValue {
        .object(JSONObject([
            ("clean", .bool(problems.isEmpty)),
            ("problems", .array(problems.map { p in
                var o = JSONObject([("kind", .string(p.kind.rawValue)), ("subjects", .array(p.subjects.map(JSONValue.string))),
                                    ("message", .string(p.message))])
                if let l = p.location { o["location"] = .array([.number(l.lon), .number(l.lat)]) }
                if let a = p.areaM2 { o["area_m2"] = .number((a * 10).rounded() / 10) }
                return .object(o)
            })),
        ]))
    }
}
