/// One thing wrong with an import file: which file, where in it, which field, and why.
public struct ImportProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// "feature 12 (line 14)", "line 7", "units[3]", or empty for the whole file.
    public var location: String
    public var field: String
    public var reason: String

    public init(file: String, location: String, field: String = "", reason: String) {
        self.file = file
        self.location = location
        self.field = field
        self.reason = reason
    }

    public var description: String {
        [file, location, field].filter { !$0.isEmpty }.joined(separator: ": ") + ": " + reason
    }
}

/// An import refused whole; the database is exactly as it was.
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    public var layer: ImportLayer
    public var problems: [ImportProblem]

    public var description: String {
        "import of \(layer.rawValue) refused, nothing was changed: \(problems.count) problem\(problems.count == 1 ? "" : "s")\n"
            + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}

/// What an import did.
public struct ImportSummary: Sendable {
    public var layer: ImportLayer
    public var file: String
    public var records: Int
    /// Problems that did not stop the import (self-intersecting rings, unplaced buildings …).
    public var warnings: [ImportProblem]
    public var seconds: Double
    /// For buildings: how many got a grid cell from the spatial join.
    public var placed: Int?

    public var description: String {
        var s = "imported \(records) \(layer.rawValue) from \(file) in \(roundedSeconds(seconds)) s"
        if let placed { s += "; \(placed) placed in a grid cell, \(records - placed) in none" }
        s += "; \(warnings.count) warning\(warnings.count == 1 ? "" : "s")"
        return s
    }
}

func roundedSeconds(_ v: Double) -> String {
    let r = (v * 1000).rounded() / 1000
    return String(r)
}
