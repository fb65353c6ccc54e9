/// Meter and sensor readings far above their own baseline: a day is anomalous when its value
/// exceeds the median of the previous `baselineDays` by more than `madFactor` robust standard
/// deviations (1.4826 × the median absolute deviation) and by at least `minimumRise` of the
/// median; a warning needs `consecutiveDays` anomalous days in a row ending on the day scanned.
public struct MeterAnomaly: Sendable, Equatable {
    public var baselineDays = 180
    public var madFactor = 3.0
    public var minimumRise = 0.2
    public var consecutiveDays = 3
    /// Readings a baseline needs before anything is judged.
    public var minimumBaseline = 14

    public init() {}

    /// The day's verdict for one series (day → value): nil when there is no warning, else the
    /// first anomalous day of the run, the baseline median and the day's value.
    public func check(_ series: [Int: Double], on day: Int) -> (startDay: Int, median: Double, value: Double)? {
        var run = 0
        var baseline: (median: Double, spread: Double)?
        for d in stride(from: day, to: day - consecutiveDays, by: -1) {
            guard let value = series[d] else { return nil }
            // The baseline ends before the run being judged, so an anomaly does not raise it.
            let start = day - consecutiveDays + 1
            let previous = ((start - baselineDays)..<start).compactMap { series[$0] }
            guard previous.count >= minimumBaseline else { return nil }
            let b = baseline ?? Self.robust(previous)
            baseline = b
            guard value > b.median + max(madFactor * b.spread, minimumRise * abs(b.median)) else { return nil }
            run += 1
        }
        guard run == consecutiveDays, let b = baseline, let value = series[day] else { return nil }
        return (day - consecutiveDays + 1, b.median, value)
    }

    /// The median and 1.4826 × the median absolute deviation.
    static func robust(_ values: [Double]) -> (median: Double, spread: Double) {
        func median(_ v: [Double]) -> Double {
            let s = v.sorted()
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        let m = median(values)
        return (m, 1.4826 * median(values.map { abs($0 - m) }))
    }
}
