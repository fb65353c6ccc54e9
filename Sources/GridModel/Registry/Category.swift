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
        /// Working days to resolve (consult 0, suggest 15, request 20, complain 30 in Bazhong).
        public var resolveWorkingDays: Int

        public init(dispatchDays: Int = 0, firstReplyDays: Int = 5, resolveWorkingDays: Int = 20) {
            self.dispatchDays = dispatchDays
            self.firstReplyDays = firstReplyDays
            self.resolveWorkingDays = resolveWorkingDays
        }
    }
}
