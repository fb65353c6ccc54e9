/// What `wangge import LAYER FILE` can load.
public enum ImportLayer: String, Sendable, CaseIterable {
    case areas, buildings, households, persons, units, categories, calendar, petitions

    /// Layers this version imports; the rest come with the petition desk.
    public static let supported: [ImportLayer] = [.areas, .buildings, .households, .persons, .units, .categories]

    /// The order a whole registry loads in, each layer after what it refers to.
    public static let loadOrder: [ImportLayer] = [.areas, .categories, .units, .buildings, .households, .persons]
}
