/// What `wangge import LAYER FILE` can load.
public enum ImportLayer: String, Sendable, CaseIterable {
    case areas, buildings, households, persons, units, categories, calendar, rules, petitions, readings

    /// Whether the locator reads the layer (its image is written again after it is imported).
    var isPlaced: Bool { self == .areas || self == .buildings || self == .units }

    /// Layers this version imports.
    public static let supported: [ImportLayer] = allCases

    /// The order a whole folder loads in, each layer after what it refers to.
    public static let loadOrder: [ImportLayer] = [.areas, .categories, .calendar, .rules, .units, .buildings, .households,
                                                  .persons, .petitions, .readings]
}
