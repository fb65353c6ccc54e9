/// Bazhong's yellow and red cards for a responsible unit: yellow when its closure or
/// satisfaction rate is below the thresholds or too many of its petitions come from callers who
/// petitioned the same before (重信重访); red when cases it closed came back as not resolved more
/// than the threshold allows, or it leaves a 挂牌督办 (level-3 supervision) unanswered. Each card
/// says why and names the petitions behind it — the list supervisors call units in with (约谈).
public struct UnitWarning: Sendable, Equatable {
    public enum Level: String, Sendable, Comparable {
        case yellow, red
        public static func < (a: Level, b: Level) -> Bool { a == .yellow && b == .red }
    }

    public var level: Level
    public var reasons: [String]
    public var petitions: [String]

    /// The thresholds, from the rules file's `warnings` (defaults: closure 90%, satisfaction 85%,
    /// repeat petitioners 10%, more than 2 reopened as not resolved).
    public struct Thresholds: Sendable, Equatable {
        public var closureRate = 0.90
        public var satisfactionRate = 0.85
        public var repeatPetitionerRate = 0.10
        public var reopenedNotResolved = 2
        public init() {}
    }

    /// The card a unit gets for its petitions in a window (nil: none).
    /// - Parameters:
    ///   - figures: the unit's figures; rates count only from `minimum` petitions on.
    ///   - petitions: the unit's petitions in the window.
    public static func assess(unit: String, figures f: PetitionFigures, petitions: [Petition], minimum: Int,
                              thresholds t: Thresholds) -> UnitWarning? {
        var yellow: [(String, [String])] = [], red: [(String, [String])] = []
        func percent(_ v: Double) -> String { String(Int((v * 1000).rounded()) / 10) + "%" }
        if f.petitions >= minimum {
            if let r = f.closureRate, r < t.closureRate {
                yellow.append(("办结率 \(percent(r)) 低于 \(percent(t.closureRate))", petitions.filter { $0.status.isOpen }.map(\.id)))
            }
            if let r = f.satisfactionRate, r < t.satisfactionRate {
                yellow.append(("满意率 \(percent(r)) 低于 \(percent(t.satisfactionRate))",
                               petitions.filter { $0.rating == .notSatisfied || $0.round > 1 }.map(\.id)))
            }
            if let r = f.repeatPetitionerRate, r > t.repeatPetitionerRate {
                yellow.append(("重信重访率 \(percent(r)) 高于 \(percent(t.repeatPetitionerRate))", []))
            }
        }
        let reopened = petitions.filter { $0.round > 1 }
        if reopened.count > t.reopenedNotResolved {
            red.append(("\(reopened.count) 件办结后因不满意重办，超过 \(t.reopenedNotResolved) 件", reopened.map(\.id)))
        }
        let listed = petitions.filter { p in p.unit == unit && p.caseState.supervisions.contains { $0.level == 3 && $0.isOpen } }
        if !listed.isEmpty { red.append(("\(listed.count) 件挂牌督办未回复", listed.map(\.id))) }
        let cards = red.isEmpty ? yellow : red + yellow
        guard !cards.isEmpty else { return nil }
        var ids: [String] = []
        for (_, list) in cards { for id in list where !ids.contains(id) { ids.append(id) } }
        return UnitWarning(level: red.isEmpty ? .yellow : .red, reasons: cards.map(\.0), petitions: Array(ids.prefix(50)))
    }
}
