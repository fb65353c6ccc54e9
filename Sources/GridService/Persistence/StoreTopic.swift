/// What part of the store a cached value follows: each topic has a stamp that changes whenever
/// its rows do, and (on a store with a change feed) a notification sent when they change.
public enum StoreTopic: String, Sendable, CaseIterable {
    /// Any import (registry layers, history petitions, features).
    case imports
    /// API tokens issued or revoked.
    case tokens
    /// People's accounts: added, disabled, a password or second factor changed.
    case users
    /// Petitions and their events: intake, case steps, imports of history.
    case petitions

    /// The number that changes whenever this topic's rows do.
    public func stamp(in store: any WanggeStore) throws -> Int64 {
        switch self {
        case .imports: try store.changeStamp()
        case .tokens: try store.tokenChangeStamp()
        case .users: try store.userChangeStamp()
        case .petitions: try store.petitionChangeStamp()
        }
    }
}
