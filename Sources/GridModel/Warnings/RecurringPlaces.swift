/// Places where the same problem keeps coming back (解决一件、治理一类): a building where
/// petitions of one category arrive again after an earlier one there was resolved — so that a
/// unit treats the cause, not the case.
public struct RecurringPlaces: Sendable, Equatable {
    /// The window looked back over, days.
    public var windowDays = 90
    /// Petitions of the category at the place within the window, at least.
    public var minimumPetitions = 3
    /// Of those, arrived after an earlier one at the place had been resolved, at least.
    public var minimumReturns = 2

    public init() {}

    /// One petition as the check reads it.
    public struct Sighting: Sendable, Equatable {
        public var petition: String
        public var category: String
        /// The building.
        public var place: String
        public var receivedDay: Int
        public var resolvedDay: Int?

        public init(petition: String, category: String, place: String, receivedDay: Int, resolvedDay: Int?) {
            self.petition = petition
            self.category = category
            self.place = place
            self.receivedDay = receivedDay
            self.resolvedDay = resolvedDay
        }
    }

    /// A recurring place on a day: its petitions in the window (oldest first) and how many came back.
    public struct Finding: Sendable, Equatable {
        public var place: String
        public var category: String
        public var petitions: [String]
        public var returns: Int
        public var firstDay: Int
    }

    /// The recurring places on `day`, most petitions first.
    public func findings(_ sightings: [Sighting], on day: Int) -> [Finding] {
        let recent = sightings.filter { $0.receivedDay <= day && $0.receivedDay > day - windowDays }
        var out: [Finding] = []
        for (key, group) in Dictionary(grouping: recent, by: { $0.place + "\u{1}" + $0.category }) {
            guard group.count >= minimumPetitions else { continue }
            let sorted = group.sorted { ($0.receivedDay, $0.petition) < ($1.receivedDay, $1.petition) }
            let returns = sorted.indices.filter { k in
                sorted[..<k].contains { ($0.resolvedDay ?? Int.max) <= sorted[k].receivedDay }
            }.count
            guard returns >= minimumReturns else { continue }
            let parts = key.split(separator: "\u{1}", maxSplits: 1).map(String.init)
            out.append(Finding(place: parts[0], category: parts[1], petitions: sorted.map(\.petition), returns: returns,
                               firstDay: sorted[0].receivedDay))
        }
        return out.sorted { ($0.petitions.count, $0.returns, $1.place) > ($1.petitions.count, $1.returns, $0.place) }
    }
}
