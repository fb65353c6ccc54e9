import GridGeo

/// What the desk tells the people a case concerns as it happens (a case dispatched to their
/// unit, sent back, supervised, an extension decided, a deadline missed, a rating): kept in the
/// store beside the event that caused it, streamed to those whose scope covers the case, and
/// sent to webhooks. The case's unit, assisting units, place and category at that moment decide
/// who may see it — by the same `PetitionScope` as the petition itself.
public struct DeskNotice: Sendable, Equatable {
    /// Increasing, across all notices: what `Last-Event-ID` and `since` name.
    public var id: Int64
    public var at: Timestamp
    public var type: Kind
    public var petition: String
    public var unit: String?
    public var assistingUnits: [String]
    public var placement: AreaPlacement
    public var category: String
    /// The event's note or a summary, in Chinese.
    public var summary: String

    public init(id: Int64 = 0, at: Timestamp, type: Kind, petition: String, unit: String?, assistingUnits: [String],
                placement: AreaPlacement, category: String, summary: String) {
        self.id = id
        self.at = at
        self.type = type
        self.petition = petition
        self.unit = unit
        self.assistingUnits = assistingUnits
        self.placement = placement
        self.category = category
        self.summary = summary
    }

    public enum Kind: String, Sendable, CaseIterable {
        case dispatched, returned, supervised
        case supervisionAnswered = "supervision_answered"
        case extensionRequested = "extension_requested"
        case extensionDecided = "extension_decided"
        case deadlineWarning = "deadline_warning"
        case regraded, rated
        /// An early warning raised on the notice's place (its `petition` is the warning's id).
        case earlyWarning = "early_warning"

        public var chineseName: String {
            switch self {
            case .dispatched: "派单"
            case .returned: "退回"
            case .supervised: "督办"
            case .supervisionAnswered: "督办回复"
            case .extensionRequested: "延期申请"
            case .extensionDecided: "延期审批"
            case .deadlineWarning: "超期预警"
            case .regraded: "重新定性"
            case .rated: "评价"
            case .earlyWarning: "预警"
            }
        }
    }

    /// The notice an event on `p` (as it stands after the event) gives, if any.
    public static func notice(for e: PetitionEvent, on p: Petition) -> DeskNotice? {
        let kind: Kind? = switch e.action {
        case .dispatch: .dispatched
        case .sendBack: .returned
        case .supervise: .supervised
        case .answerSupervision: .supervisionAnswered
        case .extend: .extensionRequested
        case .approveExtension, .refuseExtension: .extensionDecided
        case .warn: .deadlineWarning
        case .regrade: .regraded
        case .evaluate: .rated
        default: nil
        }
        guard let kind else { return nil }
        let summary = [e.action.chineseName, e.note].compactMap { $0 }.joined(separator: "：")
        // A return concerns the unit that sent it back too (it is no longer the lead).
        var assisting = p.assistingUnits
        if let from = e.details["from_unit"], !assisting.contains(from) { assisting.append(from) }
        return DeskNotice(at: e.at, type: kind, petition: p.id, unit: p.unit, assistingUnits: assisting, placement: p.placement,
                          category: p.category, summary: summary)
    }

    /// Whether a caller whose petition scope is `scope` is told of this notice.
    public func concerns(_ scope: PetitionScope) -> Bool {
        var stub = Petition(id: petition, receivedAt: at, channel: .hotline, kind: .request, category: category, urgency: .normal,
                            text: "", location: nil, status: .received, placement: placement)
        stub.unit = unit
        stub.assistingUnits = assistingUnits
        return scope.contains(stub)
    }

    public var json: JSONValue {
        .object(JSONObject([("id", .number(Double(id))), ("type", .string(type.rawValue)), ("type_name", .string(type.chineseName)),
                            (type == .earlyWarning ? "warning" : "petition", .string(petition)), ("at", .string(at.description)), ("unit", unit.map(JSONValue.string) ?? .null),
                            ("summary", .string(summary))]))
    }
}
