import GridModel

/// Where a history import writes its petitions, a batch at a time, inside the import's
/// transaction (`PetitionStore.importPetitions`). A stored petition with a batch's id is
/// replaced with its events.
public protocol PetitionImportSink: AnyObject {
    /// Writes petitions with their events (`events[k]` are `petitions[k]`'s).
    func write(_ petitions: [Petition], events: [[PetitionEvent]]) throws
}
