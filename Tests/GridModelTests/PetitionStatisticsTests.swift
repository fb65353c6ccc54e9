import GridModel
import Testing

/// The statistics on a hand-made month where every figure is worked out by hand (see the
/// comments), so that the definitions in the README are what the code computes.
@Suite struct PetitionStatisticsTests {
    static func t(_ s: String) -> Timestamp { try! Timestamp.parse("2026-" + s + ":00+08:00").get() }

    static func petition(_ id: String, _ received: String, unit: String, building: String?, status: Petition.Status,
                         replyBy: String, resolveBy: String, replied: String? = nil, resolved: String? = nil,
                         closed: String? = nil, rating: Petition.Rating? = nil, outcome: Petition.Outcome? = nil,
                         callback: Bool = false) -> Petition {
        var p = Petition(id: id, receivedAt: t(received), channel: .hotline, kind: .request, category: "water", urgency: .normal,
                         text: id, location: nil, status: status, building: building,
                         placement: AreaPlacement(ids: [.grid: building == nil ? "G2" : "G1"]), resolveBy: t(resolveBy))
        p.unit = unit
        p.firstReplyBy = t(replyBy)
        p.firstReplyAt = replied.map(t)
        p.resolvedAt = resolved.map(t)
        p.closedAt = closed.map(t)
        p.rating = rating
        p.outcome = outcome
        p.callback = callback
        return p
    }

    static let petitions = [
        // Before the window: only there for the repeat of B.
        petition("F", "10-20T09:00", unit: "U1", building: "B2", status: .closed, replyBy: "10-25T23:59", resolveBy: "11-03T23:59",
                 replied: "10-21T09:00", resolved: "10-24T09:00", closed: "10-25T09:00", rating: .satisfied, outcome: .resolved),
        // Replied and resolved in time, satisfied, called back.
        petition("A", "11-02T09:00", unit: "U1", building: "B1", status: .closed, replyBy: "11-07T23:59", resolveBy: "11-16T23:59",
                 replied: "11-03T09:00", resolved: "11-10T09:00", closed: "11-11T09:00", rating: .satisfied, outcome: .resolved,
                 callback: true),
        // Late reply, late resolution, mostly satisfied, partly solved; a repeat of F (B2, 9 days after it closed).
        petition("B", "11-03T09:00", unit: "U1", building: "B2", status: .closed, replyBy: "11-08T23:59", resolveBy: "11-17T23:59",
                 replied: "11-10T09:00", resolved: "11-20T09:00", closed: "11-21T09:00", rating: .mostly, outcome: .partly),
        // Never replied, past both deadlines, open.
        petition("C", "11-05T09:00", unit: "U2", building: nil, status: .accepted, replyBy: "11-10T23:59", resolveBy: "11-19T23:59"),
        // New, nothing due yet; a repeat of A (B1, 14 days after it closed).
        petition("D", "11-25T09:00", unit: "U2", building: "B1", status: .dispatched, replyBy: "11-30T23:59", resolveBy: "12-09T23:59"),
        // Rejected: outside every rate.
        petition("E", "11-06T09:00", unit: "U1", building: "B3", status: .rejected, replyBy: "11-11T23:59", resolveBy: "11-20T23:59"),
        // Quick, but not satisfied and not solved; called back.
        petition("G", "11-12T09:00", unit: "U2", building: "B3", status: .closed, replyBy: "11-17T23:59", resolveBy: "11-26T23:59",
                 replied: "11-12T10:00", resolved: "11-13T09:00", closed: "11-14T09:00", rating: .notSatisfied, outcome: .notResolved,
                 callback: true),
    ]

    static let stats = PetitionStatistics(petitions: petitions, from: t("11-01T00:00"), to: t("12-01T00:00"),
                                          asOf: t("11-30T12:00"), repeatDays: 30, group: { $0.unit })

    @Test func theTotalIsWhatTheDefinitionsSay() {
        let f = Self.stats.total
        #expect(f.petitions == 5)                       // A B C D G
        #expect(f.rejected == 1)                        // E
        #expect(f.dueReply == 4)                        // A B G replied, C past its reply deadline; D not yet due
        #expect(f.repliedOnTime == 2)                   // A G
        #expect(f.responseRate == 0.5)
        #expect(f.resolutionRate == 1.0 / 3)            // A of A B G
        #expect(f.satisfactionRate == 2.0 / 3)          // A B (mostly counts) of A B G
        #expect(f.closureRate == 3.0 / 5)               // A B G of 5
        #expect(f.dueResolution == 4)                   // A B G finished, C past its deadline
        #expect(f.onTimeRate == 0.5)                    // A G
        let hours: Double = (192 + 408 + 24) / 3
        #expect(f.averageHandlingHours == hours)
        #expect(f.repeats == 2)                         // B D
        #expect(f.repeatRate == 0.4)
        #expect(f.callbackCoverage == 2.0 / 3)          // A G of the 3 closed
        #expect(f.per10kResidents == nil)
    }

    @Test func perGroupAndTheRanking() {
        let u1 = Self.stats.groups["U1"]!
        #expect(u1.petitions == 2)
        #expect(u1.rejected == 1)
        #expect(u1.closureRate == 1)
        #expect(u1.onTimeRate == 0.5)
        let u2 = Self.stats.groups["U2"]!
        #expect(u2.petitions == 3)
        #expect(u2.satisfactionRate == 0)
        let ranking = Self.stats.ranking(minimum: 1)
        #expect(ranking.map(\.key) == ["U1", "U2"])
        let first: Double = 2.5 / 3
        #expect(abs(ranking[0].score - first) < 1e-12)
        let second: Double = (1.0 / 3 + 0.5) / 3
        #expect(abs(ranking[1].score - second) < 1e-12)
        #expect(Self.stats.ranking(minimum: 3).map(\.key) == ["U2"], "too few petitions to be ranked")
    }

    @Test func residentsGiveTheRatePerTenThousand() {
        var f = PetitionFigures()
        f.petitions = 19
        f.residents = 1_500
        #expect(f.per10kResidents == 19 * 10_000 / 1_500.0)
    }
}
