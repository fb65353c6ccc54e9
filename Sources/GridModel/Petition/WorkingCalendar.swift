/// Which days are working days (工作日): Monday to Friday, minus public holidays, plus the
/// make-up working weekends (调休) the State Council announces each year.
///
/// Days are counted in China Standard Time. Without a loaded calendar only weekends are off.
public struct WorkingCalendar: Sendable, Equatable {
    /// Day numbers (days since 1970-01-01) that are off although on a weekday.
    public var holidays: Set<Int>
    /// Day numbers that are working days although on a weekend.
    public var makeUpWorkdays: Set<Int>

    public init(holidays: Set<Int> = [], makeUpWorkdays: Set<Int> = []) {
        self.holidays = holidays
        self.makeUpWorkdays = makeUpWorkdays
    }

    public func isWorkingDay(_ day: Int) -> Bool {
        if makeUpWorkdays.contains(day) { return true }
        if holidays.contains(day) { return false }
        // 1970-01-01 was a Thursday: weekday 0 = Monday … 6 = Sunday.
        let weekday = ((day + 3) % 7 + 7) % 7
        return weekday < 5
    }

    /// The last second (23:59:59 China time) of the `workingDays`-th working day after the day
    /// of `start`; 0 means the end of the day it came in (当日).
    public func deadline(from start: Timestamp, workingDays: Int) -> Timestamp {
        var day = start.chinaDay
        var left = workingDays
        while left > 0 {
            day += 1
            if isWorkingDay(day) { left -= 1 }
        }
        return Self.endOfDay(day)
    }

    /// 23:59:59 China time of a day number.
    public static func endOfDay(_ day: Int) -> Timestamp {
        Timestamp(seconds: Int64(day + 1) * 86_400 - Int64(Timestamp.chinaOffset) - 1, offsetSeconds: Timestamp.chinaOffset)
    }
}
