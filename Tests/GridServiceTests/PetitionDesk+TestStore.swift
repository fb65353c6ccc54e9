@testable import GridService
import GridStore

extension PetitionDesk {
    /// The SQLite store the tests built the desk on (the desk itself knows it only by its protocol).
    var gridStore: GridStore { store as! GridStore }
}
