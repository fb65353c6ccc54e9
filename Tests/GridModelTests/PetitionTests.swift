import Foundation
import GridGeo
import GridModel
import Testing

@Suite struct TimestampTests {
    @Test func readsRFC3339WithItsOffsetAndWritesItBack() throws {
        let t = try Timestamp.parse("2026-05-01T09:30:00+08:00").get()
        #expect(t.seconds == 1_777_599_000)
        #expect(t.offsetSeconds == 28_800)
        #expect(t.description == "2026-05-01T09:30:00+08:00")
        #expect(try Timestamp.parse("2026-05-01T01:30:00Z").get().seconds == t.seconds)
        #expect(try Timestamp.parse("2026-05-01 01:30:00.250z").get().seconds == t.seconds)
        #expect(try Timestamp.parse("1969-12-31T23:59:59Z").get().description == "1969-12-31T23:59:59Z")
        #expect(try Timestamp.parse("2024-02-29T00:00:00-05:30").get().description == "2024-02-29T00:00:00-05:30")
        #expect(try Timestamp.parse("0001-01-01T00:00:00+14:00").get().description == "0001-01-01T00:00:00+14:00")
        #expect(try Timestamp.parse("9999-12-31T23:59:59-00:45").get().description == "9999-12-31T23:59:59-00:45")
    }

    @Test func everyWrittenTimeReadsBackAsTheSameInstantAndOffset() throws {
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            let seconds = Int64(x >> 30) % 8_000_000_000 - 2_000_000_000
            let offset = Int32(Int(x % 113) * 900 - 50_400)
            let t = Timestamp(seconds: seconds, offsetSeconds: offset)
            let back = try Timestamp.parse(t.description).get()
            #expect(back.seconds == seconds && back.offsetSeconds == offset, "\(t.description)")
            #expect(t.description.utf8.count == (offset == 0 ? 20 : 25))
        }
    }

    @Test(arguments: [
        ("2026-05-01", "without a time of day"),
        ("2026-05-01T09:30:00", "no UTC offset"),
        ("2026-02-29T09:30:00+08:00", "not a calendar date"),
        ("2026-05-01T25:00:00+08:00", "not a time of day"),
        ("2026/05/01 09:30", "expected an RFC 3339 time"),
        ("2026-05-01T09:30:00+08:00 ", "unexpected text"),
    ])
    func refusesWhatIsNotAnInstantSayingWhy(text: String, reason: String) {
        guard case .failure(let e) = Timestamp.parse(text) else {
            Issue.record("\(text) parsed")
            return
        }
        #expect(e.reason.contains(reason), "\(e.reason)")
    }

    @Test func civilDaysRoundTripAcrossCenturies() {
        for days in stride(from: -800_000, to: 800_000, by: 997) {
            let (y, m, d) = Timestamp.civil(fromDays: days)
            #expect(Timestamp.daysFromCivil(year: y, month: m, day: d) == days)
        }
    }
}

@Suite struct WorkingCalendarTests {
    func day(_ y: Int, _ m: Int, _ d: Int) -> Int { Timestamp.daysFromCivil(year: y, month: m, day: d) }
    func at(_ s: String) throws -> Timestamp { try Timestamp.parse(s).get() }

    @Test func countsWorkingDaysOverWeekendsInChinaTime() throws {
        let cal = WorkingCalendar()
        // Friday 2026-11-20, 17:00 Beijing: 1 working day later is Monday's end.
        #expect(cal.deadline(from: try at("2026-11-20T17:00:00+08:00"), workingDays: 1).description == "2026-11-23T23:59:59+08:00")
        // 0 working days: the same day (当日).
        #expect(cal.deadline(from: try at("2026-11-20T17:00:00+08:00"), workingDays: 0).description == "2026-11-20T23:59:59+08:00")
        // 20:00 UTC on Friday is already Saturday in Beijing: counting starts from Saturday.
        #expect(cal.deadline(from: try at("2026-11-20T20:00:00Z"), workingDays: 1).description == "2026-11-23T23:59:59+08:00")
        // 10 working days from a Monday: two weeks later, Monday's end.
        #expect(cal.deadline(from: try at("2026-11-02T09:00:00+08:00"), workingDays: 10).description == "2026-11-16T23:59:59+08:00")
    }

    @Test func skipsHolidaysAndCountsMakeUpWorkdays() throws {
        // National Day 2026 style: Thu 1 – Wed 7 October off, Saturday 10 October worked.
        let cal = WorkingCalendar(holidays: Set((1...7).map { day(2026, 10, $0) }), makeUpWorkdays: [day(2026, 10, 10)])
        #expect(!cal.isWorkingDay(day(2026, 10, 5)))
        #expect(cal.isWorkingDay(day(2026, 10, 10)))
        #expect(!cal.isWorkingDay(day(2026, 10, 11)))
        // Received Wed 30 Sep: working days are 8 Oct (Thu), 9 (Fri), 10 (Sat, make-up), 12 (Mon).
        let t = try at("2026-09-30T10:00:00+08:00")
        #expect(cal.deadline(from: t, workingDays: 3).description == "2026-10-10T23:59:59+08:00")
        #expect(cal.deadline(from: t, workingDays: 4).description == "2026-10-12T23:59:59+08:00")
    }
}

@Suite struct PetitionDecodingTests {
    func feature(_ text: String) throws -> Feature { try Feature(json: try JSONParser.parse(Array(text.utf8))) }

    @Test func decodesAHistoryPetition() throws {
        let (record, problems) = PetitionDecoding.history(try feature(#"{"type":"Feature","geometry":{"type":"Point","coordinates":[101.7,26.58]},"properties":{"id":"SQ1","received_at":"2026-05-01T09:30:00+08:00","channel":"service_point","kind":"complain","category":"water","text":"停水","status":"Closed"}}"#))
        let p = record?.petition
        #expect(problems.isEmpty)
        #expect(p?.channel == .servicePoint)
        #expect(p?.urgency == .normal)
        #expect(p?.status == .closed)
        #expect(p?.location == Coordinate(lon: 101.7, lat: 26.58))
    }

    @Test func listsEveryProblemOfARecord() throws {
        let (record, problems) = PetitionDecoding.history(try feature(#"{"type":"Feature","geometry":null,"properties":{"received_at":"2026-05-01","channel":"fax","kind":"request","status":"lost"}}"#))
        let p = record?.petition
        #expect(p == nil)
        let fields = Set(problems.map(\.field))
        #expect(fields == ["received_at", "channel", "category", "text", "status", "geometry"], "\(problems)")
        #expect(problems.first { $0.field == "channel" }?.reason.contains("hotline, miniapp, web, service_point, visit, letter") == true)
    }

    @Test func derivesTheSameIDForTheSameRecordWhenNoneIsGiven() throws {
        let text = #"{"type":"Feature","geometry":null,"properties":{"received_at":"2026-05-01T09:30:00+08:00","channel":"web","kind":"consult","category":"water","text":"问","address":"金海路1号"}}"#
        let a = PetitionDecoding.history(try feature(text)).0?.petition
        let b = PetitionDecoding.history(try feature(text)).0?.petition
        #expect(a?.id == b?.id)
        #expect(a?.id.hasPrefix("H") == true && a?.id.count == 17)
        let c = PetitionDecoding.history(try feature(text.replacingOccurrences(of: "1号", with: "2号"))).0?.petition
        #expect(c?.id != a?.id)
    }

    @Test func overdueMeansOpenAndPastTheDeadline() throws {
        let received = try Timestamp.parse("2026-11-02T09:00:00+08:00").get()
        var p = Petition(id: "X", receivedAt: received, channel: .web, kind: .request, category: "water", urgency: .normal,
                         text: "t", location: nil, status: .replied, resolveBy: Timestamp(seconds: received.seconds + 100))
        #expect(p.isOverdue(at: Timestamp(seconds: received.seconds + 101)))
        #expect(!p.isOverdue(at: Timestamp(seconds: received.seconds + 100)))
        p.status = .closed
        #expect(!p.isOverdue(at: Timestamp(seconds: received.seconds + 101)))
    }
}
