/// How the desk works where cities differ: routing rules, duplicate detection, callback
/// sampling and the warning window. Imported from `rules.json`; every value has a default.
public struct DeskPolicy: Sendable, Equatable {
    public var rules: [RoutingRule]
    /// Share of closed cases marked for a callback visit (回访); dissatisfied ones always are.
    public var callbackRate: Double
    /// Changes which cases the sample picks while keeping it reproducible.
    public var callbackSeed: String
    /// A new petition of the same category this close to an open one …
    public var duplicateRadiusMetres: Double
    /// … and received this many days after it, is flagged as a likely repeat.
    public var duplicateDays: Int
    /// A petition is a repeat complaint when the same category came from the same building
    /// (or grid cell) and was closed at most this many days before.
    public var repeatDays: Int
    /// A deadline this close is "due soon" on the supervision list.
    public var dueSoonHours: Int
    /// When a unit gets a yellow or red card.
    public var warnings = UnitWarning.Thresholds()

    public init(rules: [RoutingRule] = [], callbackRate: Double = 0.2, callbackSeed: String = "wangge",
                duplicateRadiusMetres: Double = 50, duplicateDays: Int = 7, repeatDays: Int = 90, dueSoonHours: Int = 24) {
        self.rules = rules
        self.callbackRate = callbackRate
        self.callbackSeed = callbackSeed
        self.duplicateRadiusMetres = duplicateRadiusMetres
        self.duplicateDays = duplicateDays
        self.repeatDays = repeatDays
        self.dueSoonHours = dueSoonHours
    }

    /// The rule for a category: its own, else the catch-all (`"category": "*"`), else nil.
    public func rule(for category: String) -> RoutingRule? {
        rules.first { $0.category == category } ?? rules.first { $0.category == nil }
    }

    /// Whether a closed case is marked for a callback visit: all dissatisfied ones, and a
    /// reproducible `callbackRate` share of the rest, chosen by a hash of the id and the seed
    /// (the same case is always in or out, whichever process decides).
    public func needsCallback(petitionID: String, dissatisfied: Bool) -> Bool {
        if dissatisfied { return true }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(callbackSeed)|\(petitionID)".utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        // FNV's low bits are weak for short keys; a final avalanche (splitmix64) evens them out.
        h ^= h >> 30; h &*= 0xbf58_476d_1ce4_e5b9; h ^= h >> 27; h &*= 0x94d0_49bb_1331_11eb; h ^= h >> 31
        return Double(h >> 11) / Double(1 << 53) < callbackRate
    }
}
