/// A routing rule from the rules file: which level handles a category, when urgency or kind
/// raise it, and which levels assist ("小事村上办、难事乡镇担、大事区里管").
public struct RoutingRule: Sendable, Equatable {
    public var id: String
    /// The category code it applies to; nil for every category without a rule of its own.
    public var category: String?
    /// The handling level; nil: the category's default level.
    public var level: AreaLevel?
    /// Conditions that send the case to a higher level; the highest matching one wins.
    public var raises: [Raise]
    /// Levels whose local unit assists (协办) the lead unit.
    public var assist: [AreaLevel]
    /// Why the rule exists, in the words of the people who wrote it.
    public var note: String?

    public init(id: String, category: String?, level: AreaLevel? = nil, raises: [Raise] = [], assist: [AreaLevel] = [],
                note: String? = nil) {
        self.id = id
        self.category = category
        self.level = level
        self.raises = raises
        self.assist = assist
        self.note = note
    }

    /// "When urgency is critical (and/or kind is complain), handle at `level`."
    public struct Raise: Sendable, Equatable {
        public var urgency: Petition.Urgency?
        public var kind: Petition.Kind?
        public var level: AreaLevel

        public init(urgency: Petition.Urgency? = nil, kind: Petition.Kind? = nil, level: AreaLevel) {
            self.urgency = urgency
            self.kind = kind
            self.level = level
        }

        func matches(kind k: Petition.Kind, urgency u: Petition.Urgency) -> Bool {
            (urgency == nil || urgency == u) && (kind == nil || kind == k)
        }

        var condition: String {
            [urgency.map { "紧急程度为 \($0.rawValue)" }, kind.map { "诉求类型为 \($0.chineseName)" }]
                .compactMap { $0 }.joined(separator: "且")
        }
    }
}

extension Petition.Kind {
    /// 咨询, 建议, 求决, 投诉.
    public var chineseName: String {
        switch self {
        case .consult: "咨询"
        case .suggest: "建议"
        case .request: "求决"
        case .complain: "投诉"
        }
    }
}
