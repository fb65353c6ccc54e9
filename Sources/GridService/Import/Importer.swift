#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GridGeo
import GridModel
import GridStore

/// Loads registry layers from files into the store: all or nothing, every problem listed.
///
/// A file is decoded and checked completely (syntax, fields, the registry's invariants and the
/// references other stored layers hold on it) before anything is written; the write is then
/// one transaction that replaces the layer whole.
public struct Importer: Sendable {
    public let store: GridStore
    /// Called now and then during long reads with the number of records read so far.
    public var progress: (@Sendable (ImportLayer, Int) -> Void)?

    public init(store: GridStore, progress: (@Sendable (ImportLayer, Int) -> Void)? = nil) {
        self.store = store
        self.progress = progress
    }

    public func `import`(_ layer: ImportLayer, file: String) throws -> ImportSummary {
        let clock = ContinuousClock()
        let start = clock.now
        var summary: ImportSummary
        switch layer {
        case .areas: summary = try importAreas(file)
        case .buildings: summary = try importBuildings(file)
        case .households: summary = try importHouseholds(file)
        case .persons: summary = try importPersons(file)
        case .units: summary = try importUnits(file)
        case .categories: summary = try importCategories(file)
        case .calendar, .petitions:
            throw ImportFailure(layer: layer, problems: [ImportProblem(file: file, location: "",
                reason: "the \(layer.rawValue) layer comes with the petition desk and is not imported by this version")])
        }
        let d = clock.now - start
        summary.seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return summary
    }

    // MARK: Reading

    /// Features of a GeoJSON file (collection or text sequence), decoded, with problems placed.
    private func readFeatures(_ layer: ImportLayer, _ file: String,
                              _ each: (Feature, String) -> [FieldProblem]) throws -> (count: Int, problems: [ImportProblem], warnings: [ImportProblem]) {
        var reader: ChunkedFileReader
        do { reader = try ChunkedFileReader(path: file) } catch { throw ImportFailure(layer: layer, problems: [error]) }
        defer { reader.close() }
        var splitter = FeatureStreamSplitter()
        var problems: [ImportProblem] = []
        var warnings: [ImportProblem] = []
        var count = 0
        func handle(_ piece: FeatureStreamSplitter.Piece) {
            count += 1
            let location = "feature \(piece.index) (line \(piece.line))"
            do {
                let json = try JSONParser.parse(piece.bytes)
                let feature = try Feature(json: json)
                let id = feature.id ?? feature.properties["id"].flatMap { $0.stringValue ?? $0.doubleValue.map { JSONValue.number($0).jsonText } }
                let where_ = id.map { "\(location) id \($0)" } ?? location
                for p in each(feature, where_) { problems.append(ImportProblem(file: file, location: where_, field: p.field, reason: p.reason)) }
                if let g = feature.geometry {
                    for w in GeoJSON.warnings(for: g) { warnings.append(ImportProblem(file: file, location: where_, field: "geometry", reason: w)) }
                }
            } catch let e as JSONParser.SyntaxError {
                problems.append(ImportProblem(file: file, location: location, reason: "invalid JSON at byte \(e.offset) of the feature: \(e.reason)"))
            } catch let e as GeoJSONProblem {
                problems.append(ImportProblem(file: file, location: location, field: e.path, reason: e.reason))
            } catch {
                problems.append(ImportProblem(file: file, location: location, reason: "\(error)"))
            }
            if count % 50_000 == 0 { progress?(layer, count) }
        }
        do {
            while let chunk = try reader.next() {
                for piece in try splitter.feed(chunk) { handle(piece) }
            }
            try splitter.finish()
        } catch let e as FeatureStreamSplitter.SplitError {
            problems.append(ImportProblem(file: file, location: "line \(e.line)", reason: e.reason))
        }
        if count == 0 && problems.isEmpty {
            problems.append(ImportProblem(file: file, location: "", reason: "no features found: expected a GeoJSON FeatureCollection or one Feature a line"))
        }
        return (count, problems, warnings)
    }

    /// Rows of a CSV file as header → cell, with the header's required columns checked.
    private func readCSV(_ layer: ImportLayer, _ file: String, required: [String], known: [String],
                         _ each: ([String: String], String) -> [FieldProblem]) throws -> (count: Int, problems: [ImportProblem], warnings: [ImportProblem]) {
        var reader: ChunkedFileReader
        do { reader = try ChunkedFileReader(path: file) } catch { throw ImportFailure(layer: layer, problems: [error]) }
        defer { reader.close() }
        var csv = CSVReader()
        var header: [String]?
        var problems: [ImportProblem] = []
        var warnings: [ImportProblem] = []
        var count = 0
        func handle(_ row: CSVReader.Row) {
            guard let h = header else {
                var names = row.cells.map { $0.trimmingWhitespace.lowercased() }
                if let first = names.first, first.hasPrefix("\u{FEFF}") { names[0] = String(first.dropFirst()) }
                header = names
                for r in required where !names.contains(r) {
                    problems.append(ImportProblem(file: file, location: "line 1", field: r, reason: "missing required column '\(r)' (header: \(names.joined(separator: ",")))"))
                }
                for n in names where !known.contains(n) {
                    warnings.append(ImportProblem(file: file, location: "line 1", field: n, reason: "unknown column, ignored"))
                }
                return
            }
            count += 1
            let location = "line \(row.line)"
            guard row.cells.count == h.count else {
                problems.append(ImportProblem(file: file, location: location, reason: "\(row.cells.count) cells, but the header has \(h.count) columns"))
                return
            }
            var record: [String: String] = [:]
            for (k, name) in h.enumerated() where known.contains(name) { record[name] = row.cells[k] }
            for p in each(record, location) { problems.append(ImportProblem(file: file, location: location, field: p.field, reason: p.reason)) }
            if count % 50_000 == 0 { progress?(layer, count) }
        }
        while true {
            let chunk: ArraySlice<UInt8>?
            do { chunk = try reader.next() } catch { throw ImportFailure(layer: layer, problems: [error]) }
            guard let chunk else { break }
            for row in csv.feed(chunk) { handle(row) }
        }
        if csv.unterminatedQuote {
            problems.append(ImportProblem(file: file, location: "", reason: "the file ends inside a quoted cell (a missing closing \")"))
        }
        for row in csv.finish() { handle(row) }
        if header == nil { problems.append(ImportProblem(file: file, location: "", reason: "empty file: expected a header row")) }
        return (count, problems, warnings)
    }

    /// Objects of a JSON document: an array, or an object holding one under `key`.
    private func readJSONObjects(_ layer: ImportLayer, _ file: String, key: String) throws -> [(JSONObject, String)] {
        let bytes: [UInt8]
        do { bytes = try ChunkedFileReader.readAll(file) } catch { throw ImportFailure(layer: layer, problems: [error]) }
        let json: JSONValue
        do { json = try JSONParser.parse(bytes) } catch {
            throw ImportFailure(layer: layer, problems: [ImportProblem(file: file, location: "byte \(error.offset)", reason: "invalid JSON: \(error.reason)")])
        }
        guard let items = json.arrayValue ?? json[key]?.arrayValue else {
            throw ImportFailure(layer: layer, problems: [ImportProblem(file: file, location: "", reason: "expected a JSON array of \(key), or an object with a '\(key)' array")])
        }
        var out: [(JSONObject, String)] = []
        var problems: [ImportProblem] = []
        for (k, item) in items.enumerated() {
            if let o = item.objectValue { out.append((o, "\(key)[\(k)]")) } else {
                problems.append(ImportProblem(file: file, location: "\(key)[\(k)]", reason: "expected an object, found \(item.typeName)"))
            }
        }
        if !problems.isEmpty { throw ImportFailure(layer: layer, problems: problems) }
        return out
    }

    /// Turns record problems (by position) into file problems, using each record's location.
    private func place(_ problems: [RecordProblem], _ locations: [String], _ file: String) -> [ImportProblem] {
        problems.map { ImportProblem(file: file, location: locations[$0.record], field: $0.field, reason: $0.reason) }
    }

    private func refuse(_ layer: ImportLayer, _ problems: [ImportProblem]) throws {
        if !problems.isEmpty { throw ImportFailure(layer: layer, problems: problems) }
    }

    // MARK: Layers

    private func importAreas(_ file: String) throws -> ImportSummary {
        var areas: [Area] = []
        var locations: [String] = []
        let read = try readFeatures(.areas, file) { f, location in
            let (a, problems) = RegistryDecoding.area(f)
            if let a { areas.append(a); locations.append(location) }
            return problems
        }
        var problems = read.problems + place(RegistryRules.areas(areas), locations, file)
        let ids = Set(areas.map(\.id))
        for (area, units) in try store.areaIDsInJurisdictions() where !ids.contains(area) {
            problems.append(ImportProblem(file: file, location: "", field: "id",
                reason: "area '\(area)' is missing, but units \(units.joined(separator: ", ")) have it in their jurisdiction (re-import units first, or keep the area)"))
        }
        try refuse(.areas, problems)
        // Buildings keep their place on the new map: recompute every placement now.
        let locator = Locator(areas: areas, buildings: [], units: [])
        var placements: [String: AreaPlacement] = [:]
        for (b, _) in try store.buildings() { placements[b.id] = locator.placement(lon: b.position.lon, lat: b.position.lat) }
        try store.replaceAreas(areas, buildingPlacements: placements, source: file)
        return ImportSummary(layer: .areas, file: file, records: areas.count, warnings: read.warnings, seconds: 0)
    }

    private func importBuildings(_ file: String) throws -> ImportSummary {
        var buildings: [Building] = []
        var locations: [String] = []
        let read = try readFeatures(.buildings, file) { f, location in
            let (b, problems) = RegistryDecoding.building(f)
            if let b { buildings.append(b); locations.append(location) }
            return problems
        }
        var problems = read.problems + place(RegistryRules.duplicateIDs(buildings.map(\.id)), locations, file)
        let ids = Set(buildings.map(\.id))
        let referenced = try store.buildingIDsWithHouseholds().subtracting(ids)
        for id in referenced.sorted().prefix(100) {
            problems.append(ImportProblem(file: file, location: "", field: "id", reason: "building '\(id)' is missing, but households are registered to it"))
        }
        if referenced.count > 100 {
            problems.append(ImportProblem(file: file, location: "", field: "id", reason: "… and \(referenced.count - 100) more buildings that households are registered to"))
        }
        try refuse(.buildings, problems)
        let locator = Locator(areas: try store.areas(), buildings: [], units: [])
        var warnings = read.warnings
        var placed = 0
        let rows = buildings.enumerated().map { k, b -> (Building, AreaPlacement) in
            let p = locator.placement(lon: b.position.lon, lat: b.position.lat)
            if p[.grid] != nil { placed += 1 } else {
                warnings.append(ImportProblem(file: file, location: locations[k], field: "geometry", reason: "building stands in no grid cell"))
            }
            return (b, p)
        }
        try store.replaceBuildings(rows, source: file, warnings: warnings.count)
        return ImportSummary(layer: .buildings, file: file, records: buildings.count, warnings: warnings, seconds: 0, placed: placed)
    }

    private func importHouseholds(_ file: String) throws -> ImportSummary {
        var households: [Household] = []
        var locations: [String] = []
        let read = try readCSV(.households, file, required: ["id", "building"],
                               known: ["id", "building", "unit", "floor", "room", "address"]) { row, location in
            let (h, problems) = RegistryDecoding.household(row)
            if let h { households.append(h); locations.append(location) }
            return problems
        }
        var problems = read.problems + place(RegistryRules.households(households, buildingIDs: try store.buildingIDs()), locations, file)
        let ids = Set(households.map(\.id))
        let referenced = try store.householdIDsWithPersons().subtracting(ids)
        for id in referenced.sorted().prefix(100) {
            problems.append(ImportProblem(file: file, location: "", field: "id", reason: "household '\(id)' is missing, but persons are registered to it"))
        }
        try refuse(.households, problems)
        try store.replaceHouseholds(households, source: file)
        return ImportSummary(layer: .households, file: file, records: households.count, warnings: read.warnings, seconds: 0)
    }

    private func importPersons(_ file: String) throws -> ImportSummary {
        var persons: [Person] = []
        var locations: [String] = []
        let read = try readCSV(.persons, file, required: ["id", "household", "name"],
                               known: ["id", "household", "name", "id_number", "phone", "tags"]) { row, location in
            let (p, problems) = RegistryDecoding.person(row)
            if let p { persons.append(p); locations.append(location) }
            return problems
        }
        let problems = read.problems + place(RegistryRules.persons(persons, householdIDs: try store.householdIDs()), locations, file)
        try refuse(.persons, problems)
        let warnings = read.warnings + place(RegistryRules.identityNumberWarnings(persons), locations, file)
        try store.replacePersons(persons, source: file, warnings: warnings.count)
        return ImportSummary(layer: .persons, file: file, records: persons.count, warnings: warnings, seconds: 0)
    }

    private func importUnits(_ file: String) throws -> ImportSummary {
        var units: [ResponsibleUnit] = []
        var locations: [String] = []
        var problems: [ImportProblem] = []
        for (o, location) in try readJSONObjects(.units, file, key: "units") {
            let (u, ps) = RegistryDecoding.unit(o)
            if let u { units.append(u); locations.append(location) }
            problems += ps.map { ImportProblem(file: file, location: location, field: $0.field, reason: $0.reason) }
        }
        problems += place(RegistryRules.units(units, areaIDs: try store.areaIDs(), categoryCodes: try store.categoryCodes()), locations, file)
        try refuse(.units, problems)
        let warnings = units.enumerated().filter { $0.element.jurisdiction.isEmpty }.map {
            ImportProblem(file: file, location: locations[$0.offset], field: "jurisdiction", reason: "empty: petitions can never reach this unit")
        }
        try store.replaceUnits(units, source: file)
        return ImportSummary(layer: .units, file: file, records: units.count, warnings: warnings, seconds: 0)
    }

    private func importCategories(_ file: String) throws -> ImportSummary {
        var categories: [GridModel.Category] = []
        var locations: [String] = []
        var problems: [ImportProblem] = []
        for (o, location) in try readJSONObjects(.categories, file, key: "categories") {
            let (c, ps) = RegistryDecoding.category(o)
            if let c { categories.append(c); locations.append(location) }
            problems += ps.map { ImportProblem(file: file, location: location, field: $0.field, reason: $0.reason) }
        }
        problems += place(RegistryRules.duplicateIDs(categories.map(\.code), field: "code"), locations, file)
        let codes = Set(categories.map(\.code))
        for (code, units) in try store.categoryCodesInUse() where !codes.contains(code) {
            problems.append(ImportProblem(file: file, location: "", field: "code",
                reason: "category '\(code)' is missing, but units \(units.joined(separator: ", ")) handle it"))
        }
        try refuse(.categories, problems)
        try store.replaceCategories(categories, source: file)
        return ImportSummary(layer: .categories, file: file, records: categories.count, warnings: [], seconds: 0)
    }
}

extension Importer {
    /// The file for each layer in a folder, by name: `areas.geojson` or `areas.geojsonl`,
    /// `categories.json`, `units.json`, `buildings.geojson[l]`, `households.csv`, `persons.csv`.
    public static func layerFiles(in folder: String) -> [(ImportLayer, String)] {
        let names: [ImportLayer: [String]] = [
            .areas: ["areas.geojson", "areas.geojsonl", "areas.json"],
            .categories: ["categories.json"],
            .units: ["units.json"],
            .buildings: ["buildings.geojson", "buildings.geojsonl", "buildings.json"],
            .households: ["households.csv"],
            .persons: ["persons.csv"],
        ]
        return ImportLayer.loadOrder.compactMap { layer in
            for name in names[layer] ?? [] {
                let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
                if access(path, R_OK) == 0 { return (layer, path) }
            }
            return nil
        }
    }

    /// Imports every layer file found in a folder, in load order, each layer in its own
    /// transaction; stops at the first layer refused.
    public func importFolder(_ folder: String, report: (ImportSummary) -> Void) throws {
        let files = Self.layerFiles(in: folder)
        guard !files.isEmpty else {
            throw ImportFailure(layer: .areas, problems: [ImportProblem(file: folder, location: "",
                reason: "no layer files found (expected areas.geojson, categories.json, units.json, buildings.geojsonl, households.csv, persons.csv)")])
        }
        for (layer, file) in files { report(try self.import(layer, file: file)) }
    }
}
