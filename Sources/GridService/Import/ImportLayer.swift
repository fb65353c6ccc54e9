/// What `wangge import LAYER FILE` can load.
public enum ImportLayer: String, Sendable, CaseIterable {
    case areas, buildings, households, persons, units, categories, calendar, petitions

    /// Layers this version imports; the calendar comes with the petition desk.
    public static let supported: [ImportLayer] = [.areas, .buildings, .households, .persons, .units, .categories, .petitions]

    /// The order a whole folder loads in, each layer after what it refers to.
    public static let loadOrder: [ImportLayer] = [.areas, .categories, .units, .buildings, .households, .persons, .petitions]
}
