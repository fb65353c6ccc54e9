/// The three deadlines of a petition, counted from receipt: dispatch (当日转办), first reply
/// (首复) and resolution (办结时限).
public struct PetitionDeadlines: Sendable, Equatable {
    public var dispatch: Timestamp
    public var firstReply: Timestamp
    public var resolve: Timestamp

    public init(dispatch: Timestamp, firstReply: Timestamp, resolve: Timestamp) {
        self.dispatch = dispatch
        self.firstReply = firstReply
        self.resolve = resolve
    }

    /// Dispatch and first reply count calendar days (the platforms' "当日" and "5日"), each
    /// ending at 23:59:59 China time; resolution counts working days on the calendar.
    public init(receivedAt: Timestamp, kind: Petition.Kind, difficulty: Int?, category: Category.Deadlines,
                calendar: WorkingCalendar) {
        dispatch = WorkingCalendar.endOfDay(receivedAt.chinaDay + category.dispatchDays)
        firstReply = WorkingCalendar.endOfDay(receivedAt.chinaDay + category.firstReplyDays)
        resolve = calendar.deadline(from: receivedAt, workingDays: category.resolveWorkingDays(kind: kind, difficulty: difficulty))
    }

    /// Which deadline, by name.
    public enum Kind: String, Sendable, CaseIterable {
        case dispatch, firstReply = "first_reply", resolve

        /// Bit in the petition's record of warnings raised.
        public var bit: Int {
            switch self {
            case .dispatch: 1
            case .firstReply: 2
            case .resolve: 4
            }
        }

        public var chineseName: String {
            switch self {
            case .dispatch: "转办时限"
            case .firstReply: "首次答复时限"
            case .resolve: "办结时限"
            }
        }
    }

    public subscript(kind: Kind) -> Timestamp {
        switch kind {
        case .dispatch: dispatch
        case .firstReply: firstReply
        case .resolve: resolve
        }
    }
}
