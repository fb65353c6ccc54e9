import GridGeo
import GridModel

/// Petitions and their events. A petition and its events are written together; every step of a
/// case reads and changes it in one transaction, so two people acting on one case at once
/// cannot both act on the same state, and the step's audit entry and notices are written with it.
public protocol PetitionStore: AnyObject, Sendable {
    /// Stores a new petition with its first events; returns it as stored (with its id).
    func insertPetition(_ petition: Petition, events: [PetitionEvent], origin: String?) throws -> Petition
    /// Stores petitions from a history file in one transaction, replacing any already stored with the same id.
    func storePetitions(_ petitions: [Petition], events: [String: [PetitionEvent]], source: String, warnings: Int) throws
    /// A history import of any size in one transaction: `body` hands batches to the sink as it
    /// reads them and returns the totals for the import log; nothing is kept if it throws.
    /// `expected` (the records the file probably holds) lets the store choose how to write:
    /// a load larger than what is stored drops the secondary indexes and builds them again
    /// once at the end, as building them by sorting is faster than updating them row by row.
    func importPetitions(source: String, expected: Int,
                         _ body: (any PetitionImportSink) throws -> (records: Int, warnings: Int)) throws
    /// Reads a petition and its last event number, lets `change` decide, and stores the changed
    /// petition and its new events — one transaction. Nil when there is no such petition.
    func updatePetition<T>(id: String, origin: String?,
                           _ change: (inout Petition, _ nextSequence: Int) throws -> (events: [PetitionEvent], result: T)) throws -> T?
    /// `updatePetition` for many petitions in one transaction. A petition that `change` gives
    /// no event still has its stored warning time (`Petition.nextWarningAt`) brought up to date.
    func updatePetitions<T>(ids: [String], origin: String?,
                            _ change: (inout Petition, _ nextSequence: Int) throws -> (events: [PetitionEvent], result: T)) throws -> [T?]

    func petition(id: String) throws -> Petition?
    func petition(id: String, scope: PetitionScope) throws -> Petition?
    func events(of id: String) throws -> [PetitionEvent]
    func petitions() throws -> [Petition]
    func petitions(contactKey: String, limit: Int) throws -> [Petition]
    func petitions(status: Petition.Status, unit: String?, area: String?) throws -> [Petition]
    func openPetitions(unit: String?, area: String?, status: Petition.Status?) throws -> [Petition]
    /// Open petitions of a category near a place in a time span (the likely repeats of a new one).
    func openPetitions(category: String, near box: BoundingBox, since: Timestamp, until: Timestamp) throws -> [Petition]
    func supervisedPetitions() throws -> [Petition]
    /// The ids of the petitions whose stored warning time (`Petition.nextWarningAt`) has passed
    /// at `now`, earliest first: what a round of deadline warnings looks at, by index.
    func petitionsDueForWarning(at now: Timestamp) throws -> [String]
    func workListPetitions(scope: PetitionScope) throws -> [Petition]
    /// The petitions `query` asks for within `scope`, newest first (ties: higher id first).
    func petitions(matching query: PetitionQuery, scope: PetitionScope) throws -> [Petition]
    /// Every petition as the heat-map ledger keeps it, oldest first (ties by id).
    func ledgerEntries() throws -> [PetitionLedger.Entry]
    func petitionsForStatistics(from: Timestamp?, to: Timestamp?, lookbackDays: Int) throws -> [Petition]
    /// Petitions received on days `from...to` (China time), not rejected, oldest first.
    func petitionSightings(fromDay from: Int, toDay to: Int) throws -> [PetitionSighting]
    /// Bumped whenever a petition is written.
    func petitionChangeStamp() throws -> Int64
}
