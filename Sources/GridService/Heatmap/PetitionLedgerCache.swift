import GridStore
import Synchronization

/// The current `PetitionLedger` of a store, rebuilt when an import has changed the store
/// since it was built (by this process or another, e.g. `wangge import` while serving).
public final class PetitionLedgerCache: Sendable {
    private let store: GridStore
    private let state = Mutex<(stamp: Int64, ledger: PetitionLedger)?>(nil)

    public init(store: GridStore) {
        self.store = store
    }

    /// The ledger for the store as it is now. One rebuild at a time; requests during a rebuild
    /// wait for it rather than each starting their own.
    public func current() throws -> PetitionLedger {
        let stamp = try store.changeStamp()
        if let s = state.withLock({ $0 }), s.stamp == stamp { return s.ledger }
        return try state.withLock { s in
            if let s, s.stamp == stamp { return s.ledger }
            let ledger = try PetitionLedger(store: store)
            s = (stamp, ledger)
            return ledger
        }
    }
}
