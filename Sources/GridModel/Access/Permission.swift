/// What a request needs beyond the public layers and aggregates (areas, buildings without
/// households, units, locate, resolve without households, heat maps, statistics), which
/// everyone may read, anonymous callers included.
public enum Permission: Sendable, Equatable {
    /// Petitions themselves: the list, one petition, the petitions layer.
    case readPetitions
    /// Take a petition in (`POST /petitions`).
    case takePetitions
    /// Post this event on a petition the caller may read.
    case post(PetitionEvent.Action)
    /// Post some kind of event (checked before the body is read: a caller who may post none
    /// learns that first).
    case postEvents
    /// Households and the persons registered in them.
    case readResidents
    /// Petitions of a sensitive category (reports about officials), and their place in heat
    /// maps and statistics.
    case seeSensitiveCategories
    /// Find a caller's earlier petitions by phone (the operators' desk).
    case searchCallers
}

extension Role {
    /// The actions a responsible unit may take on its own petitions (签收、答复、进展、办结).
    public static let unitActions: Set<PetitionEvent.Action> = [.accept, .reply, .progress, .resolve, .note, .sendBack, .extend,
                                                                 .answerSupervision]

    /// The role table (README, "Roles"). Scope (a unit's petitions, a grid worker's cells) is
    /// checked per record, on top of this.
    public func may(_ permission: Permission) -> Bool {
        switch (self, permission) {
        case (_, .postEvents): PetitionEvent.Action.allCases.contains { may(.post($0)) }
        case (.admin, _): true
        case (.dispatcher, _): true
        case (.inspector, .readPetitions), (.inspector, .readResidents), (.inspector, .seeSensitiveCategories): true
        // Inspectors (纪检监察, 督办) issue supervisions; that is their only write.
        case (.inspector, .post(let action)): action == .supervise
        case (.unit, .readPetitions): true
        case (.unit, .post(let action)): Self.unitActions.contains(action)
        case (.gridWorker, .readPetitions), (.gridWorker, .takePetitions), (.gridWorker, .readResidents): true
        case (.gridWorker, .post(let action)): action == .note || action == .screen
        default: false
        }
    }

    /// Whether personal data (ID numbers, phones, names of residents and petitioners) is shown
    /// whole to this role for the records in its scope. Inspectors read everything, masked.
    public var seesPersonalData: Bool { self != .inspector }

    /// Whether residents' personal data is shown whole: only to the roles whose scope is the
    /// register itself (an admin, a grid worker in its cells). Dispatchers and inspectors read
    /// it masked.
    public var seesResidentsWhole: Bool { self == .admin || self == .gridWorker }
}
