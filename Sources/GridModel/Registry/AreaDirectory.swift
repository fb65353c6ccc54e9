/// The areas by id without their geometry — names for answers, levels for matching — and the
/// units answering for each: what answers about a place need besides the map.
public struct AreaDirectory: Sendable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var level: AreaLevel
        public var worker: String?
        /// The area it lies in (nil at the top).
        public var parent: String?

        public init(name: String, level: AreaLevel, worker: String?, parent: String? = nil) {
            self.name = name
            self.level = level
            self.worker = worker
            self.parent = parent
        }
    }

    public let areas: [String: Entry]
    /// Units by an area of their jurisdiction, most local unit first, then by id.
    public let unitsOfArea: [String: [ResponsibleUnit]]

    public init(areas: [String: Entry], units: [ResponsibleUnit]) {
        self.areas = areas
        var ofArea: [String: [ResponsibleUnit]] = [:]
        for u in units.sorted(by: { $0.level != $1.level ? $0.level > $1.level : $0.id < $1.id }) {
            for a in u.jurisdiction { ofArea[a, default: []].append(u) }
        }
        unitsOfArea = ofArea
    }

    public subscript(id: String) -> Entry? { areas[id] }

    /// An area and the areas it lies in, one per level, by the parent links.
    public func placement(ofArea id: String) -> AreaPlacement {
        var p = AreaPlacement()
        var next: String? = id
        var seen = Set<String>()
        while let current = next, let entry = areas[current], seen.insert(current).inserted {
            p[entry.level] = current
            next = entry.parent
        }
        return p
    }

    /// Every unit answering for one of the placement's areas, most local first (as /locate
    /// lists them).
    public func units(for placement: AreaPlacement) -> [ResponsibleUnit] {
        var seen: Set<String> = []
        return AreaLevel.allCases.reversed().compactMap { placement[$0] }.flatMap { unitsOfArea[$0] ?? [] }
            .filter { seen.insert($0.id).inserted }
            .sorted { $0.level != $1.level ? $0.level > $1.level : $0.id < $1.id }
    }
}
