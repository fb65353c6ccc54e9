/// Who may do what (issue 6). A token carries one role, scoped to an area or a unit where the
/// role needs one.
public enum Role: String, Sendable, CaseIterable {
    /// Everything.
    case admin
    /// All petitions, routing and deadlines.
    case dispatcher
    /// The petitions routed to its unit: accept, reply, resolve. Needs a unit.
    case unit
    /// Its grid cells: buildings, households, persons and petitions there. Needs an area.
    case gridWorker = "grid_worker"
    /// All petitions and statistics, read-only, personal data masked.
    case inspector
    /// Public layers and aggregates only.
    case planner

    /// The scope the role needs: a unit, an area, or none.
    public var needsUnit: Bool { self == .unit }
    public var needsArea: Bool { self == .gridWorker }
}
