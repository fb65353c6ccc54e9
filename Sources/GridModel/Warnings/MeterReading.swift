/// One day's reading of a meter or sensor in a building: water or power use, a manhole's level …
public struct MeterReading: Sendable, Equatable {
    public var building: String
    public var meter: String
    /// What it measures (`water`, `power`, `level` …), as the file says.
    public var kind: String
    /// The day (day number, China time).
    public var day: Int
    public var value: Double

    public init(building: String, meter: String, kind: String, day: Int, value: Double) {
        self.building = building
        self.meter = meter
        self.kind = kind
        self.day = day
        self.value = value
    }

    /// Reads a CSV row `building,meter,kind,date,value`.
    public static func decode(_ row: [String: String]) -> (MeterReading?, [FieldProblem]) {
        var r = FieldReader(row: row)
        let building = r.requiredString("building")
        let meter = r.requiredString("meter")
        let kind = r.requiredString("kind")
        let dateText = r.requiredString("date")
        let valueText = r.requiredString("value")
        var day: Int?
        if !dateText.isEmpty {
            day = Timestamp.day(fromDate: dateText)
            if day == nil { r.problem("date", "'\(dateText)' is not a date such as 2026-05-01", kind: .time) }
        }
        var value: Double?
        if !valueText.isEmpty {
            value = Double(valueText)
            if value == nil || !(value!.isFinite) { r.problem("value", "'\(valueText)' is not a number", kind: .type); value = nil }
        }
        guard r.problems.isEmpty, let day, let value else { return (nil, r.problems) }
        return (MeterReading(building: building, meter: meter, kind: kind, day: day, value: value), [])
    }
}

extension MeterReading {
    /// A meter's readings by day: one series per building, meter and kind.
    public typealias Series = (building: String, meter: String, kind: String, values: [Int: Double])

    /// Readings ordered by building, meter, kind and day, gathered into their series.
    public static func series(_ rows: [(building: String, meter: String, kind: String, day: Int, value: Double)]) -> [Series] {
        var out: [Series] = []
        for r in rows {
            if let last = out.last, last.building == r.building, last.meter == r.meter, last.kind == r.kind {
                out[out.count - 1].values[r.day] = r.value
            } else {
                out.append((r.building, r.meter, r.kind, [r.day: r.value]))
            }
        }
        return out
    }
}
