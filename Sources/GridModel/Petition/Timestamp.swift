/// An instant with the UTC offset it was written in, read from and written as RFC 3339.
///
/// Petition platforms work in China Standard Time; keeping the offset lets a petition come back
/// with the time the petitioner saw.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64
    /// The offset east of UTC in seconds, e.g. 28,800 for +08:00.
    public var offsetSeconds: Int32

    public init(seconds: Int64, offsetSeconds: Int32 = Timestamp.chinaOffset) {
        self.seconds = seconds
        self.offsetSeconds = offsetSeconds
    }

    /// China Standard Time, +08:00 (no daylight saving).
    public static let chinaOffset: Int32 = 8 * 3600

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.seconds < b.seconds }

    /// Reads `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`; `t`, `z` and a space separator are accepted.
    /// Anything else fails with the reason — including a missing offset, which would leave the
    /// instant ambiguous by eight hours.
    public static func parse(_ text: String) -> Result<Timestamp, ParseError> {
        let b = Array(text.utf8)
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= b.count else { return nil }
            var v = 0
            for k in at..<(at + n) {
                guard b[k] >= 48, b[k] <= 57 else { return nil }
                v = v * 10 + Int(b[k] - 48)
            }
            return v
        }
        func fail(_ why: String) -> Result<Timestamp, ParseError> { .failure(ParseError(text: text, reason: why)) }
        guard let year = digits(0, 4), b.count > 4, b[4] == 45, let month = digits(5, 2), b.count > 7, b[7] == 45,
              let day = digits(8, 2)
        else { return fail("expected an RFC 3339 time such as 2026-05-01T09:30:00+08:00") }
        guard b.count > 10, [84, 116, 32].contains(b[10]) else {
            return fail("a date without a time of day; write e.g. \(text.prefix(10))T09:30:00+08:00")
        }
        guard let hour = digits(11, 2), b.count > 13, b[13] == 58, let minute = digits(14, 2),
              b.count > 16, b[16] == 58, let second = digits(17, 2)
        else { return fail("expected the time of day as HH:MM:SS after the date, e.g. 2026-05-01T09:30:00+08:00") }
        var k = 19
        if k < b.count, b[k] == 46 {
            k += 1
            let start = k
            while k < b.count, b[k] >= 48, b[k] <= 57 { k += 1 }
            if k == start { return fail("a decimal point in the seconds must be followed by digits") }
        }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else {
            return fail("\(text.prefix(10)) is not a calendar date")
        }
        guard hour < 24, minute < 60, second < 61 else { return fail("\(hour):\(minute):\(second) is not a time of day") }
        var offset = 0
        if k < b.count, b[k] == 90 || b[k] == 122 {
            k += 1
        } else if k < b.count, b[k] == 43 || b[k] == 45, let oh = digits(k + 1, 2), k + 3 < b.count, b[k + 3] == 58,
                  let om = digits(k + 4, 2), oh < 24, om < 60 {
            offset = (oh * 3600 + om * 60) * (b[k] == 45 ? -1 : 1)
            k += 6
        } else {
            return fail("no UTC offset: add Z or one such as +08:00 (Beijing time)")
        }
        guard k == b.count else { return fail("unexpected text after the time") }
        let days = daysFromCivil(year: year, month: month, day: day)
        let local = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59))
        return .success(Timestamp(seconds: local - Int64(offset), offsetSeconds: Int32(offset)))
    }

    /// RFC 3339 in the timestamp's own offset, whole seconds.
    public var description: String {
        let local = seconds + Int64(offsetSeconds)
        let days = Int(local.floorDiv(86_400))
        let t = Int(local - Int64(days) * 86_400)
        let (y, m, d) = Self.civil(fromDays: days)
        if (0...9999).contains(y) {
            // Written byte by byte: imports and stores format millions of these.
            let zoneLength = offsetSeconds == 0 ? 1 : 6
            return String(unsafeUninitializedCapacity: 19 + zoneLength) { b in
                func put(_ v: Int, _ at: Int, _ width: Int) {
                    var v = v
                    for k in stride(from: at + width - 1, through: at, by: -1) { b[k] = UInt8(48 + v % 10); v /= 10 }
                }
                put(y, 0, 4); b[4] = 45; put(m, 5, 2); b[7] = 45; put(d, 8, 2); b[10] = 84
                put(t / 3600, 11, 2); b[13] = 58; put(t % 3600 / 60, 14, 2); b[16] = 58; put(t % 60, 17, 2)
                if offsetSeconds == 0 { b[19] = 90 } else {
                    let o = Int(abs(offsetSeconds))
                    b[19] = offsetSeconds < 0 ? 45 : 43
                    put(o / 3600, 20, 2); b[22] = 58; put(o % 3600 / 60, 23, 2)
                }
                return 19 + zoneLength
            }
        }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let zone: String
        if offsetSeconds == 0 { zone = "Z" } else {
            let o = Int(abs(offsetSeconds))
            zone = (offsetSeconds < 0 ? "-" : "+") + two(o / 3600) + ":" + two(o % 3600 / 60)
        }
        let year = String(repeating: "0", count: max(0, 4 - String(y).count)) + String(y)
        return "\(year)-\(two(m))-\(two(d))T\(two(t / 3600)):\(two(t % 3600 / 60)):\(two(t % 60))\(zone)"
    }

    /// The day number of a `YYYY-MM-DD` calendar date, nil when it is not one.
    public static func day(fromDate text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...daysIn(month: m, year: y)).contains(d) else { return nil }
        return daysFromCivil(year: y, month: m, day: d)
    }

    /// `YYYY-MM-DD` of a day number.
    public static func date(ofDay day: Int) -> String {
        let (y, m, d) = civil(fromDays: day)
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    /// Days since 1970-01-01 of the calendar day this instant falls on in China (+08:00).
    public var chinaDay: Int { Int((seconds + Int64(Self.chinaOffset)).floorDiv(86_400)) }

    /// Why a text is not a timestamp.
    public struct ParseError: Error, Sendable, Equatable {
        public var text: String
        public var reason: String
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The calendar date of a day number (inverse of `daysFromCivil`).
    public static func civil(fromDays z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

extension Int64 {
    /// Division rounding towards minus infinity (days before 1970 stay on the right day).
    func floorDiv(_ d: Int64) -> Int64 {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
