/// A kind of problem a petition is about (水利, 住建, 物业 …) with who handles it by default
/// ("小事村上办、难事乡镇担、大事区里管") and its deadlines.
public struct Category: Sendable, Equatable {
    public var code: String
    public var nameZh: String
    public var nameEn: String
    public var defaultLevel: AreaLevel
    public var deadlines: Deadlines
    /// Reports about officials and the like: visible to fewer roles.
    public var sensitive: Bool

    public init(code: String, nameZh: String, nameEn: String, defaultLevel: AreaLevel, deadlines: Deadlines,
                sensitive: Bool = false) {
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.defaultLevel = defaultLevel
        self.deadlines = deadlines
        self.sensitive = sensitive
    }

    /// Time limits counted from receipt.
    public struct Deadlines: Sendable, Equatable {
        /// Calendar days to dispatch (0 = the same day, 当日转办).
        public var dispatchDays: Int
        /// Days to the first reply (5 = 5日首复).
        public var firstReplyDays: Int
        /// Working days to resolve when no kind or difficulty says otherwise.
        public var resolveWorkingDays: Int
        /// Working days to resolve per kind (Bazhong: consult 0, suggest 15, request 20, complain 30).
        public var resolveWorkingDaysByKind: [Petition.Kind: Int]
        /// Working days per difficulty tier, easiest first (Xining: 1, 3, 7, 11); a petition
        /// graded with a difficulty uses its tier before anything else.
        public var difficultyTiers: [Int]

        public init(dispatchDays: Int = 0, firstReplyDays: Int = 5, resolveWorkingDays: Int = 20,
                    resolveWorkingDaysByKind: [Petition.Kind: Int] = [:], difficultyTiers: [Int] = []) {
            self.dispatchDays = dispatchDays
            self.firstReplyDays = firstReplyDays
            self.resolveWorkingDays = resolveWorkingDays
            self.resolveWorkingDaysByKind = resolveWorkingDaysByKind
            self.difficultyTiers = difficultyTiers
        }

        /// Working days to resolve a petition of `kind` graded `difficulty` (1-based tier).
        public func resolveWorkingDays(kind: Petition.Kind, difficulty: Int?) -> Int {
            if let difficulty, difficultyTiers.indices.contains(difficulty - 1) { return difficultyTiers[difficulty - 1] }
            return resolveWorkingDaysByKind[kind] ?? resolveWorkingDays
        }
    }
}
