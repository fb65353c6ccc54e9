// The names screens show for the petition's vocabularies: the one place they are written
// (pages read them from `GET /vocabulary`).

extension Petition.Channel {
    public var chineseName: String {
        switch self {
        case .hotline: "12345热线"
        case .miniapp: "微信小程序"
        case .web: "网站"
        case .servicePoint: "便民服务站"
        case .visit: "来访"
        case .letter: "来信"
        }
    }
}

extension Petition.Urgency {
    public var chineseName: String {
        switch self {
        case .normal: "一般"
        case .urgent: "紧急"
        case .critical: "特急"
        }
    }
}

extension Petition.Rating {
    public var chineseName: String {
        switch self {
        case .satisfied: "满意"
        case .mostly: "基本满意"
        case .notSatisfied: "不满意"
        }
    }
}

extension Petition.Outcome {
    public var chineseName: String {
        switch self {
        case .resolved: "已解决"
        case .partly: "部分解决"
        case .notResolved: "未解决"
        }
    }
}

extension Role {
    public var chineseName: String {
        switch self {
        case .admin: "管理员"
        case .dispatcher: "调度员"
        case .unit: "责任单位"
        case .gridWorker: "网格员"
        case .inspector: "督查员"
        case .planner: "规划人员"
        }
    }
}
