/// Who handles a petition and why: the lead unit (主办), the assisting units (协办), the rule
/// that chose them and an explanation a dispatcher can read.
public struct RoutingDecision: Sendable, Equatable {
    public var lead: ResponsibleUnit?
    public var assisting: [ResponsibleUnit]
    /// The rule's id; `default` when the category's default level decided.
    public var ruleID: String
    /// The level the rule asked for, and the level the lead unit was found at.
    public var level: AreaLevel
    public var foundAt: AreaLevel?
    /// Why, in Chinese, step by step.
    public var reason: String

    public init(lead: ResponsibleUnit?, assisting: [ResponsibleUnit], ruleID: String, level: AreaLevel,
                foundAt: AreaLevel?, reason: String) {
        self.lead = lead
        self.assisting = assisting
        self.ruleID = ruleID
        self.level = level
        self.foundAt = foundAt
        self.reason = reason
    }
}
