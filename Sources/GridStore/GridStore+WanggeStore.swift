import GridService

/// The embedded store is one implementation of everything the services keep.
extension GridStore: WanggeStore {}
