#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GridGeo
import GridModel

/// Loads registry layers from files into the store: all or nothing, every problem listed.
///
/// A file is decoded and checked completely (syntax, fields, the registry's invariants and the
/// references other stored layers hold on it) before anything is written; the write is then
/// one transaction that replaces the layer whole.
public struct Importer: Sendable {
    let store: any WanggeStore
    /// Called now and then during long reads with the number of records read so far.
    public var progress: (@Sendable (ImportProgress) -> Void)?
    /// "Now" for the deadline warnings history petitions arrive with (the desk's clock).
    let clock: @Sendable () -> Timestamp

    public init(store: any WanggeStore, progress: (@Sendable (ImportProgress) -> Void)? = nil,
                clock: @escaping @Sendable () -> Timestamp = PetitionDesk.systemClock) {
        self.store = store
        self.progress = progress
        self.clock = clock
    }

    /// Imports one layer file; after areas, buildings or units, also writes the locator's
    /// image beside the database (`LocatorImageFile`), which servers and commands then map.
    public func `import`(_ layer: ImportLayer, file: String) throws -> ImportSummary {
        var summary = try importLayer(layer, file: file)
        if layer.isPlaced { summary.seconds += writeLocatorImage() }
        return summary
    }

    private func importLayer(_ layer: ImportLayer, file: String) throws -> ImportSummary {
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
        case .petitions: summary = try importPetitions(file)
        case .calendar: summary = try importCalendar(file)
        case .rules: summary = try importRules(file)
        case .readings: summary = try importReadings(file)
        }
        summary.seconds = Self.seconds(clock.now - start)
        return summary
    }

    // MARK: Reading

    /// Features of a GeoJSON file (collection or text sequence), decoded, with problems placed.
    private func readFeatures(_ layer: ImportLayer, _ file: String,
                              _ each: (Feature, String) -> [FieldProblem]) throws -> (problems: [ImportProblem], warnings: [ImportProblem]) {
        var reader: ChunkedFileReader
        do { reader = try ChunkedFileReader(path: file) } catch { throw ImportFailure(layer: layer, problems: [error]) }
        defer { reader.closeFile() }
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
            if count % 10_000 == 0 { progress?(ImportProgress(layer: layer, records: count, bytesRead: reader.bytesRead, size: reader.size)) }
        }
        do {
            while let chunk = try reader.next() {
                for piece in try splitter.feed(chunk) { handle(piece) }
            }
            try splitter.finish()
        } catch let e as FeatureStreamSplitter.SplitError {
            problems.append(ImportProblem(file: file, location: "line \(e.line)", reason: e.reason))
        }
        if let crs = splitter.declaredCRS, !FeatureStreamSplitter.isGeographicLonLat(crs) {
            // One clear problem instead of one "out of range" per coordinate.
            let others = problems.count
            problems = [ImportProblem(file: file, location: "", field: "crs",
                reason: "the file declares CRS \(crs); Wangge reads WGS-84 / CGCS2000 longitude, latitude. Reproject first, e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson \(file)`"
                    + (others > 0 ? " (\(others) coordinate problems from the projected values not listed)" : ""))]
        }
        if count == 0 && problems.isEmpty {
            problems.append(ImportProblem(file: file, location: "", reason: "no features found: expected a GeoJSON FeatureCollection or one Feature a line"))
        }
        return (problems, warnings)
    }

    /// Rows of a CSV file as header → cell, with the header's required columns checked.
    private func readCSV(_ layer: ImportLayer, _ file: String, required: [String], known: [String],
                         _ each: ([String: String], String) -> [FieldProblem]) throws -> (problems: [ImportProblem], warnings: [ImportProblem]) {
        var reader: ChunkedFileReader
        do { reader = try ChunkedFileReader(path: file) } catch { throw ImportFailure(layer: layer, problems: [error]) }
        defer { reader.closeFile() }
        var csv = CSVReader()
        var header: [String]?
        var problems: [ImportProblem] = []
        var warnings: [ImportProblem] = []
        var count = 0
        func handle(_ row: CSVReader.Row) {
            if let why = row.invalidText {
                problems.append(ImportProblem(file: file, location: "line \(row.line)", reason: why))
                if header != nil { count += 1; return }
            }
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
            if count % 10_000 == 0 { progress?(ImportProgress(layer: layer, records: count, bytesRead: reader.bytesRead, size: reader.size)) }
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
        return (problems, warnings)
    }

    /// Objects of a JSON document: an array, or an object holding one under `key`.
    /// A JSON file whose top level is one object.
    private func readJSONObject(_ layer: ImportLayer, _ file: String) throws -> JSONObject {
        let bytes: [UInt8]
        do { bytes = try ChunkedFileReader.readAll(file) } catch { throw ImportFailure(layer: layer, problems: [error]) }
        do {
            guard let o = try JSONParser.parse(bytes).objectValue else {
                throw ImportFailure(layer: layer, problems: [ImportProblem(file: file, location: "", reason: "expected a JSON object at the top level")])
            }
            return o
        } catch let e as JSONParser.SyntaxError {
            throw ImportFailure(layer: layer, problems: [ImportProblem(file: file, location: "byte \(e.offset)", reason: "invalid JSON: \(e.reason)")])
        }
    }

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

    /// Records decoded from a file: the usable values, where each came from, and what was wrong.
    struct Decoded<T> {
        var values: [T] = []
        var locations: [String] = []
        var problems: [ImportProblem] = []
        var warnings: [ImportProblem] = []
    }

    /// Runs a reader over a file, decoding each record it hands over and keeping the usable
    /// values with their locations.
    private func decode<Record, T>(
        _ read: ((Record, String) -> [FieldProblem]) throws -> (problems: [ImportProblem], warnings: [ImportProblem]),
        _ decode: @escaping (Record) -> (T?, [FieldProblem])
    ) throws -> Decoded<T> {
        var d = Decoded<T>()
        let result = try read { record, location in
            let (value, problems) = decode(record)
            if let value { d.values.append(value); d.locations.append(location) }
            return problems
        }
        d.problems = result.problems
        d.warnings = result.warnings
        return d
    }

    private func decodeJSON<T>(_ layer: ImportLayer, _ file: String, key: String,
                               _ decode: (JSONObject) -> (T?, [FieldProblem])) throws -> Decoded<T> {
        var d = Decoded<T>()
        for (o, location) in try readJSONObjects(layer, file, key: key) {
            let (value, problems) = decode(o)
            if let value { d.values.append(value); d.locations.append(location) }
            d.problems += problems.map { ImportProblem(file: file, location: location, field: $0.field, reason: $0.reason) }
        }
        return d
    }

    /// Problems for stored records that point at ids the new file drops.
    private func dropped(_ referenced: [String: [String]], keeping ids: Set<String>, file: String,
                        _ reason: (String, [String]) -> String) -> [ImportProblem] {
        let missing = referenced.keys.filter { !ids.contains($0) }.sorted()
        var out = missing.prefix(100).map { ImportProblem(file: file, location: "", field: "id", reason: reason($0, referenced[$0]!)) }
        if missing.count > 100 {
            out.append(ImportProblem(file: file, location: "", field: "id", reason: "… and \(missing.count - 100) more ids still referred to"))
        }
        return out
    }

    // MARK: Layers

    private func importAreas(_ file: String) throws -> ImportSummary {
        let d = try decode({ try readFeatures(.areas, file, $0) }, RegistryDecoding.area)
        let problems = d.problems + place(RegistryRules.areas(d.values), d.locations, file)
            + dropped(try store.areaIDsInJurisdictions(), keeping: Set(d.values.map(\.id)), file: file) { area, units in
                "area '\(area)' is missing, but units \(units.joined(separator: ", ")) have it in their jurisdiction (re-import units first, or keep the area)"
            }
        try refuse(.areas, problems)
        // Buildings keep their place on the new map: recompute every placement now.
        let locator = Locator(areas: d.values, buildings: [], units: [])
        var placements: [String: AreaPlacement] = [:]
        for (b, _) in try store.buildings() { placements[b.id] = locator.placement(lon: b.position.lon, lat: b.position.lat) }
        try store.replaceAreas(d.values, buildingPlacements: placements, source: file)
        return ImportSummary(layer: .areas, file: file, records: d.values.count, warnings: d.warnings, seconds: 0)
    }

    private func importBuildings(_ file: String) throws -> ImportSummary {
        let d = try decode({ try readFeatures(.buildings, file, $0) }, RegistryDecoding.building)
        let problems = d.problems + place(RegistryRules.duplicateIDs(d.values.map(\.id)), d.locations, file)
            + dropped(try store.buildingIDsWithHouseholds(), keeping: Set(d.values.map(\.id)), file: file) { id, households in
                "building '\(id)' is missing, but \(households.count) household\(households.count == 1 ? " is" : "s are") registered to it (\(households.prefix(3).joined(separator: ", ")))"
            }
        try refuse(.buildings, problems)
        let locator = Locator(areas: try store.areas(), buildings: [], units: [])
        var warnings = d.warnings
        var placed = 0
        let rows = d.values.enumerated().map { k, b -> (Building, AreaPlacement) in
            let p = locator.placement(lon: b.position.lon, lat: b.position.lat)
            if p[.grid] != nil { placed += 1 } else {
                warnings.append(ImportProblem(file: file, location: d.locations[k], field: "geometry", reason: "building stands in no grid cell"))
            }
            return (b, p)
        }
        try store.replaceBuildings(rows, source: file, warnings: warnings.count)
        return ImportSummary(layer: .buildings, file: file, records: rows.count, warnings: warnings, seconds: 0, placed: placed)
    }

    private func importHouseholds(_ file: String) throws -> ImportSummary {
        let d = try decode({ try readCSV(.households, file, required: ["id", "building"],
                                         known: ["id", "building", "unit", "floor", "room", "address"], $0) }, RegistryDecoding.household)
        let problems = d.problems + place(RegistryRules.households(d.values, buildingIDs: try store.buildingIDs()), d.locations, file)
            + dropped(try store.householdIDsWithPersons(), keeping: Set(d.values.map(\.id)), file: file) { id, persons in
                "household '\(id)' is missing, but persons are registered to it (\(persons.prefix(3).joined(separator: ", ")))"
            }
        try refuse(.households, problems)
        try store.replaceHouseholds(d.values, source: file)
        return ImportSummary(layer: .households, file: file, records: d.values.count, warnings: d.warnings, seconds: 0)
    }

    private func importPersons(_ file: String) throws -> ImportSummary {
        let d = try decode({ try readCSV(.persons, file, required: ["id", "household", "name"],
                                         known: ["id", "household", "name", "id_number", "phone", "tags"], $0) }, RegistryDecoding.person)
        try refuse(.persons, d.problems + place(RegistryRules.persons(d.values, householdIDs: try store.householdIDs()), d.locations, file))
        let warnings = d.warnings
        try store.replacePersons(d.values, source: file, warnings: warnings.count)
        return ImportSummary(layer: .persons, file: file, records: d.values.count, warnings: warnings, seconds: 0)
    }

    /// Meter and sensor readings (`building,meter,kind,date,value`), added to those stored (a
    /// reading of the same meter and day is replaced); every building must be registered.
    private func importReadings(_ file: String) throws -> ImportSummary {
        let d = try decode({ try readCSV(.readings, file, required: ["building", "meter", "kind", "date", "value"],
                                         known: ["building", "meter", "kind", "date", "value"], $0) }, MeterReading.decode)
        let buildings = try store.buildingIDs()
        let unknown = d.values.enumerated().filter { !buildings.contains($0.element.building) }.map {
            ImportProblem(file: file, location: d.locations[$0.offset], field: "building", reason: "no building '\($0.element.building)'")
        }
        try refuse(.readings, d.problems + unknown)
        try store.storeReadings(d.values, source: file)
        return ImportSummary(layer: .readings, file: file, records: d.values.count, warnings: d.warnings, seconds: 0)
    }

    private func importUnits(_ file: String) throws -> ImportSummary {
        let d = try decodeJSON(.units, file, key: "units", RegistryDecoding.unit)
        try refuse(.units, d.problems + place(RegistryRules.units(d.values, areaIDs: try store.areaIDs(),
                                                                   categoryCodes: try store.categoryCodes()), d.locations, file))
        let warnings = d.values.enumerated().filter { $0.element.jurisdiction.isEmpty }.map {
            ImportProblem(file: file, location: d.locations[$0.offset], field: "jurisdiction", reason: "empty: petitions can never reach this unit")
        }
        try store.replaceUnits(d.values, source: file)
        return ImportSummary(layer: .units, file: file, records: d.values.count, warnings: warnings, seconds: 0)
    }

    private func importCategories(_ file: String) throws -> ImportSummary {
        let d = try decodeJSON(.categories, file, key: "categories", RegistryDecoding.category)
        let problems = d.problems + place(RegistryRules.duplicateIDs(d.values.map(\.code), field: "code"), d.locations, file)
            + dropped(try store.categoryCodesInUse(), keeping: Set(d.values.map(\.code)), file: file) { code, units in
                "category '\(code)' is missing, but units \(units.joined(separator: ", ")) handle it"
            }
        try refuse(.categories, problems)
        try store.replaceCategories(d.values, source: file)
        return ImportSummary(layer: .categories, file: file, records: d.values.count, warnings: [], seconds: 0)
    }

    /// History petitions: each is placed on today's map (building and areas), given its
    /// deadlines from its category and the calendar, and its recorded milestones become
    /// events; stored petitions with the same id are replaced. An open case past a deadline
    /// arrives with the warning the desk's next round would raise (`Petition.raiseDueWarnings`):
    /// a year of history does not leave the first round hundreds of thousands of cases to warn
    /// one transaction of 200 at a time while residents' petitions wait behind it.
    ///
    /// A file of any size streams through in batches, in one transaction: this thread reads,
    /// decodes, places and routes while another writes the batch before (SQLite or COPY), so
    /// the two cores work at once and memory holds two batches, not the file. A problem
    /// anywhere stops the writing, the rest of the file is still read for its problems, and the
    /// transaction is rolled back: all or nothing, every problem listed.
    private func importPetitions(_ file: String) throws -> ImportSummary {
        let context = try HistoryContext(store: store, now: clock())
        // A history record takes at least about 256 bytes: enough to tell a bulk load from a few.
        var info = stat()
        let expected = stat(file, &info) == 0 ? max(1, Int(info.st_size) / 256) : 1
        var summary = ImportSummary(layer: .petitions, file: file, records: 0, warnings: [], seconds: 0, placed: 0)
        try store.importPetitions(source: file, expected: expected) { sink in
            let handOff = HandOff<HistoryBatch>(capacity: 2)
            let reading = ReadingResult()
            let reader = Thread {
                defer { handOff.close() }
                do { reading.value = .success(try readHistory(file, context, into: handOff)) } catch { reading.value = .failure(error) }
            }
            reader.stackSize = 8 << 20
            reader.start()
            var failure: (any Error)?
            while let batch = handOff.take() {
                guard failure == nil else { continue }
                do { try sink.write(batch.petitions, events: batch.events) } catch { failure = error; handOff.close() }
            }
            reading.wait()
            if let failure { throw failure }
            let read = try reading.value!.get()
            try refuse(.petitions, read.problems)
            summary.records = read.records
            summary.warnings = read.warnings
            summary.placed = read.placed
            return (read.records, read.warnings.count)
        }
        return summary
    }

    /// What the history import needs from the registry, read once.
    struct HistoryContext: Sendable {
        let desk: DeskRegistry
        let codes: [String]
        let unitIDs: Set<String>
        let placer: PetitionPlacer
        let now: Timestamp

        init(store: any WanggeStore, now: Timestamp) throws {
            self.now = now
            desk = try DeskRegistry(store: store)
            codes = desk.categories.keys.sorted()
            unitIDs = Set(desk.units.keys)
            let resolver = BuiltOnce { try AddressResolver(store: store) }
            placer = PetitionPlacer(locator: try Locator.open(store: store), resolver: { try resolver.get() })
        }
    }

    /// Petitions ready to store, with their events (`events[k]` are `petitions[k]`'s).
    struct HistoryBatch: Sendable {
        var petitions: [Petition] = []
        var events: [[PetitionEvent]] = []
    }

    /// What reading a history file found.
    struct HistoryReading: Sendable {
        var records = 0
        var placed = 0
        var problems: [ImportProblem] = []
        var warnings: [ImportProblem] = []
    }

    /// The reading thread's answer, handed to the writing thread when it ends.
    final class ReadingResult: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        var value: Result<HistoryReading, any Error>? { didSet { done.signal() } }
        func wait() { done.wait(); done.signal() }
    }

    /// Reads, decodes, places and routes the file's petitions, handing each full batch over;
    /// after the first problem nothing more is handed over, but reading goes on for the rest.
    private func readHistory(_ file: String, _ context: HistoryContext, into handOff: HandOff<HistoryBatch>) throws -> HistoryReading {
        let batchSize = 4096
        var out = HistoryReading()
        var seen = RegistryRules.SeenIDs()
        var records: [PetitionDecoding.HistoryRecord] = []
        var locations: [String] = []
        records.reserveCapacity(batchSize)
        func flush() {
            guard !records.isEmpty else { return }
            defer { records.removeAll(keepingCapacity: true); locations.removeAll(keepingCapacity: true) }
            guard out.problems.isEmpty else { return }
            let batch: HistoryBatch
            do { batch = try prepare(records, locations, file, context, &out) } catch {
                out.problems.append(ImportProblem(file: file, location: "", reason: "could not place the petitions: \(error)"))
                return
            }
            if !handOff.put(batch) { out.problems.append(ImportProblem(file: file, location: "", reason: "the import stopped while writing")) }
        }
        let read = try readFeatures(.petitions, file) { feature, location in
            let (value, problems) = PetitionDecoding.history(feature, categories: context.codes, units: context.unitIDs)
            if let value {
                if let duplicate = seen.see(value.petition.id, record: out.records) {
                    out.problems.append(ImportProblem(file: file, location: location, field: duplicate.field, reason: duplicate.reason))
                }
                out.records += 1
                records.append(value)
                locations.append(location)
                if records.count == batchSize { flush() }
            }
            return problems
        }
        out.problems = read.problems + out.problems
        flush()
        out.warnings = read.warnings + out.warnings
        return out
    }

    /// Deadlines, callback sample, placement and routing for one batch of decoded records.
    private func prepare(_ records: [PetitionDecoding.HistoryRecord], _ locations: [String], _ file: String,
                         _ context: HistoryContext, _ out: inout HistoryReading) throws -> HistoryBatch {
        let desk = context.desk
        var batch = HistoryBatch()
        batch.petitions.reserveCapacity(records.count)
        batch.events.reserveCapacity(records.count)
        for (k, record) in records.enumerated() {
            var p = record.petition
            var events = record.events
            let category = desk.categories[p.category]
            if let c = category {
                let deadlines = PetitionDeadlines(receivedAt: p.receivedAt, kind: p.kind, difficulty: p.difficulty,
                                                  category: c.deadlines, calendar: desk.calendar)
                p.dispatchBy = deadlines.dispatch
                p.firstReplyBy = deadlines.firstReply
                p.resolveBy = deadlines.resolve
            }
            if p.closedAt != nil {
                // The callback sample is the desk's, drawn the same way for history.
                p.callback = p.callback || desk.policy.needsCallback(petitionID: p.id, dissatisfied: p.rating == .notSatisfied)
            }
            p.boundaryVersion = desk.boundaryVersion
            let point = p.location
            try context.placer.place(&p, point: point, building: nil)
            if p.placement[.grid] != nil { out.placed += 1 } else {
                out.warnings.append(ImportProblem(file: file, location: locations[k], field: point == nil ? "address" : "geometry",
                    reason: point == nil ? "no point, and the address resolves to no building for sure: stored unplaced"
                                         : "the point is in no grid cell"))
            }
            // Routed as the desk would have, where the old system did not say which unit.
            if p.unit == nil, p.placement[.grid] != nil, let c = category {
                let decision = desk.router.route(category: c, kind: p.kind, urgency: p.urgency, placement: p.placement)
                p.unit = decision.lead?.id
                p.assistingUnits = decision.assisting.map(\.id)
                p.ruleID = decision.ruleID
                p.ruleReason = decision.reason
                if let unit = decision.lead?.id, let i = events.firstIndex(where: { $0.action == .dispatch }) {
                    events[i].details["unit"] = unit
                }
            }
            events += p.raiseDueWarnings(at: context.now, sequence: (events.last?.sequence ?? 0) + 1)
            batch.petitions.append(p)
            batch.events.append(events)
        }
        return batch
    }

    /// The working-day calendar: replaces the years the file covers.
    private func importCalendar(_ file: String) throws -> ImportSummary {
        let (days, years, problems) = DeskDecoding.calendar(try readJSONObject(.calendar, file))
        try refuse(.calendar, problems.map { ImportProblem(file: file, location: $0.field, field: $0.field, reason: $0.reason) })
        try store.storeCalendar(days, years: years, source: file)
        return ImportSummary(layer: .calendar, file: file, records: days.count, warnings: [], seconds: 0)
    }

    /// The desk's rules (routing, duplicates, callbacks): replaces the previous file whole.
    private func importRules(_ file: String) throws -> ImportSummary {
        let o = try readJSONObject(.rules, file)
        let (policy, problems) = DeskDecoding.policy(o, categories: try store.categoryCodes())
        try refuse(.rules, problems.map { ImportProblem(file: file, location: $0.field, field: $0.field, reason: $0.reason) })
        try store.storeDeskPolicy(.object(o), rules: policy?.rules.count ?? 0, source: file)
        return ImportSummary(layer: .rules, file: file, records: policy?.rules.count ?? 0, warnings: [], seconds: 0)
    }
}

extension Importer {
    /// The file for each layer in a folder, by name: `areas.geojson` or `areas.geojsonl`,
    /// `categories.json`, `units.json`, `buildings.geojson[l]`, `households.csv`, `persons.csv`,
    /// `petitions.geojsonl`.
    public static func layerFiles(in folder: String) -> [(ImportLayer, String)] {
        let names: [ImportLayer: [String]] = [
            .areas: ["areas.geojson", "areas.geojsonl", "areas.json"],
            .categories: ["categories.json"],
            .calendar: ["calendar.json"],
            .rules: ["rules.json"],
            .units: ["units.json"],
            .buildings: ["buildings.geojson", "buildings.geojsonl", "buildings.json"],
            .households: ["households.csv"],
            .persons: ["persons.csv"],
            .petitions: ["petitions.geojsonl", "petitions.geojson"],
            .readings: ["readings.csv"],
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
                reason: "no layer files found (expected areas.geojson, categories.json, calendar.json, rules.json, units.json, buildings.geojsonl, households.csv, persons.csv, petitions.geojsonl)")])
        }
        // The locator's image once, after the last layer it reads.
        let lastPlaced = files.lastIndex { $0.0.isPlaced }
        for (k, (layer, file)) in files.enumerated() {
            var summary = try importLayer(layer, file: file)
            if k == lastPlaced { summary.seconds += writeLocatorImage() }
            report(summary)
        }
    }

    /// Builds the locator from the store as just imported and writes its image; returns the
    /// seconds it took. Where it cannot be written the import stands and the next start builds
    /// the locator from the store (an image is never needed, only faster).
    private func writeLocatorImage() -> Double {
        guard store.locatorImagePath != nil else { return 0 }
        let clock = ContinuousClock(), start = clock.now
        if let key = try? store.locatorVersion() { _ = try? Locator.build(store: store, key: key) { _ in } }
        return Self.seconds(clock.now - start)
    }

    private static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
}
