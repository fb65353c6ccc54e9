import GridGeo
import GridModel

/// The answer to an address: how sure (`exact`, `probable`, `ambiguous`, `none`) and the
/// candidates, best first, each with what matched and what did not.
public struct AddressMatch: Sendable {
    public enum Certainty: String, Sendable {
        case exact, probable, ambiguous, none
    }

    public struct Candidate: Sendable {
        public var score: Double
        public var building: String
        public var address: String
        public var household: String?
        public var placement: AreaPlacement
        public var units: [ResponsibleUnit]
        /// Parts of the query that agree with this building (road, number, compound, building,
        /// household, and the area levels named), and those that do not.
        public var matched: [String]
        public var unmatched: [String]
    }

    public var query: String
    public var normalised: String
    /// The parts read from the text: area names by level, road, road number, compound,
    /// building, unit, floor, room (the names as the registry spells them).
    public var parts: [(name: String, value: String)]
    public var match: Certainty
    public var candidates: [Candidate]

    /// The resolve result (README, "Address resolution"); areas as in the locate result.
    public func json(areas directory: AreaDirectory) -> JSONValue {
        .object(JSONObject([
            ("query", .string(query)), ("normalised", .string(normalised)),
            ("parts", .object(JSONObject(parts.map { (key: $0.name, value: .string($0.value)) }))),
            ("match", .string(match.rawValue)),
            ("candidates", .array(candidates.map { c in
                .object(JSONObject([
                    ("score", .number((c.score * 1000).rounded() / 1000)),
                    ("building", .object(JSONObject([("id", .string(c.building)), ("address", .string(c.address))]))),
                    ("household", c.household.map { .object(JSONObject([("id", .string($0))])) } ?? .null),
                    ("areas", directory.json(c.placement)),
                    ("units", .array(c.units.map(AreaDirectory.json))),
                    ("matched", .array(c.matched.map(JSONValue.string))),
                    ("unmatched", .array(c.unmatched.map(JSONValue.string))),
                ]))
            })),
        ]))
    }
}
