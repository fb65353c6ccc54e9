extension FeaturePage {
    /// The query parameters that select a layer's features — the same for `/collections/{id}/items`
    /// and `wangge export`: `bbox`, `datetime` (layers with a time), the CQL2 `filter` with
    /// `filter-lang` and `filter-crs`, and one parameter per queryable (OGC API – Features Part 3
    /// "queryables as query parameters") besides the layer's older list filters.
    public static func selectionParameters(for layer: FeatureLayer) -> [String] {
        ["bbox", "filter", "filter-lang", "filter-crs"] + (layer.hasTime ? ["datetime"] : []) + layer.filterNames + queryableParameters(for: layer)
    }

    /// Queryables that are query parameters of their own, beyond `filterNames`.
    public static func queryableParameters(for layer: FeatureLayer) -> [String] {
        layer.queryables.filter { $0.type != .geometry && !layer.filterNames.contains($0.name) }.map(\.name)
    }

    /// The selection read from those parameters (limit and offset left at their defaults).
    public init(selecting layer: FeatureLayer, from q: ParameterReader) throws(ParameterError) {
        self.init(bbox: try q.bbox("bbox"), time: layer.hasTime ? try q.interval("datetime") : nil)
        filters = layer.filterNames.compactMap { name in q.string(name).map { (name: name, value: $0) } }
        var parts: [FeatureFilter] = []
        if let text = q.string("filter") {
            let language = try q.choice("filter-lang", default: FeatureFilter.Language.text)
            var crs = FeatureFilter.CRS.crs84
            if let uri = q.string("filter-crs") {
                guard let given = FeatureFilter.CRS(uri: uri) else {
                    throw ParameterError(.invalid, "filter-crs", "'\(uri)' is not one of \(FeatureFilter.CRS.accepted.joined(separator: ", "))")
                }
                crs = given
            }
            do {
                parts.append(try FeatureFilter.parse(text, language: language).checked(for: layer, crs: crs))
            } catch {
                throw ParameterError(.invalid, "filter", error.description)
            }
        } else {
            for name in ["filter-lang", "filter-crs"] where q.string(name) != nil {
                throw ParameterError(.invalid, name, "given without a filter")
            }
        }
        // A queryable as a parameter means equality (a comma list: any of them; a time: that
        // instant, date or start/end interval, as `datetime` reads it).
        for name in Self.queryableParameters(for: layer) {
            guard let text = q.string(name), let queryable = layer.queryable(name) else { continue }
            guard !FeatureRecord.values(of: text).isEmpty else { throw ParameterError(.invalid, name, "empty; give a value (or several, separated by commas)") }
            switch queryable.type {
            case .string:
                parts.append(.isIn(.property(name), FeatureRecord.values(of: text).map { FilterOperand.string($0) }))
            case .integer, .number:
                var values: [FilterOperand] = []
                for item in FeatureRecord.values(of: text) {
                    guard let d = Double(item) else { throw ParameterError(.invalid, name, "'\(item)' is not a number") }
                    values.append(.number(d))
                }
                parts.append(.isIn(.property(name), values))
            case .timestamp:
                guard let (from, to) = try q.interval(name) else { continue }
                parts.append(.temporal(.intersects, .property(name), .interval(start: from.map { .timestamp($0) }, end: to.map { .timestamp($0) })))
            case .geometry:
                continue
            }
        }
        filter = parts.isEmpty ? nil : parts.count == 1 ? parts[0] : .and(parts)
    }
}
