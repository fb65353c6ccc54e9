import Foundation
import GridGeo
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing

@Suite struct ImporterTests {
    /// A store with the whole small district imported.
    func loaded(_ dir: TemporaryDirectory) throws -> (GridStore, Importer) {
        SmallDistrict.writeFiles(into: dir)
        let store = try GridStore(path: dir.file("w.db"))
        let importer = Importer(store: store)
        var layers: [ImportLayer] = []
        try importer.importFolder(dir.path) { layers.append($0.layer) }
        #expect(layers == ImportLayer.loadOrder.filter { $0 != .readings }, "every layer the folder holds (it has no meter readings)")
        return (store, importer)
    }

    /// Everything a refused import must leave exactly as it was.
    func snapshot(_ store: GridStore) throws -> String {
        let areas = try store.areas().map { "\($0.id)|\($0.parent ?? "")|\($0.boundary.boundingBox)" }
        let buildings = try store.buildings().map { "\($0.0.id)|\($0.0.address)|\($0.1.ids.sorted { $0.key.rank < $1.key.rank }.map(\.value))" }
        return "\(areas)\n\(buildings)\n\(try store.units().map(\.id))\n\(try store.householdIDs().sorted())\n\(try store.counts().sorted { $0.key < $1.key })"
    }

    @Test func importsEveryLayerOfAFolder() throws {
        let dir = TemporaryDirectory()
        let (store, _) = try loaded(dir)
        #expect(try store.counts() == ["area": 11, "building": 3, "household": 2, "person": 2, "unit": 3, "category": 2, "petition": 5])
    }

    @Test func aBuildingsGridComesFromTheMapNotTheFile() throws {
        let dir = TemporaryDirectory()
        let (store, _) = try loaded(dir)
        let placed = Dictionary(uniqueKeysWithValues: try store.buildings().map { ($0.0.id, $0.1) })
        // B2's file says grid G4; it stands in G3.
        #expect(placed["B2"]?[.grid] == "G3")
        #expect(placed["B2"]?[.community] == "C2")
        #expect(placed["B1"]?.ids == [.province: "P", .city: "C", .district: "D", .street: "S1", .community: "C1", .grid: "G1"])
    }

    @Test func aRefusedFileListsEveryProblemAndChangesNothing() throws {
        let dir = TemporaryDirectory()
        let (store, importer) = try loaded(dir)
        let before = try snapshot(store)
        let bad = dir.write("bad-areas.geojsonl", [
            SmallDistrict.feature(#""id":"X1","name":"甲","level":"grid","parent":"nowhere""#, SmallDistrict.square(0, 0, 1, 1)),
            #"{"type":"Feature","properties":{"id":"X2","name":"乙","level":"grid"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}"#,
            #"{"type":"Feature","properties":{"id":"X3","name":"丙","level":"village"},"geometry":null}"#,
            "{not json",
        ].joined(separator: "\n"))
        #expect {
            try importer.import(.areas, file: bad)
        } throws: { error in
            guard let failure = error as? ImportFailure else { return false }
            let text = failure.problems.map(\.description)
            return failure.problems.count >= 5
                && text.contains { $0.contains("feature 1 (line 1) id X1: parent: parent area 'nowhere' is not in the file") }
                && text.contains { $0.contains("feature 2 (line 2): geometry.coordinates[0]: ring not closed") }
                && text.contains { $0.contains("feature 3 (line 3) id X3: level: 'village' is not a level") }
                && text.contains { $0.contains("feature 3 (line 3) id X3: geometry: an area needs a Polygon") }
                && text.contains { $0.contains("line 4") && $0.contains("bad-areas.geojsonl") }
                // Units still name D, S1 and C1, which the new file lacks.
                && text.contains { $0.contains("area 'S1' is missing, but units U-S1 have it in their jurisdiction") }
        }
        #expect(try snapshot(store) == before)
    }

    @Test func referencesAcrossLayersAreChecked() throws {
        let dir = TemporaryDirectory()
        let (store, importer) = try loaded(dir)
        let before = try snapshot(store)
        let households = dir.write("h.csv", "id,building\nH1,B1\nH3,B404\n")
        #expect {
            try importer.import(.households, file: households)
        } throws: { error in
            let text = "\(error)"
            return text.contains("h.csv: line 3: building: building 'B404' does not exist")
                && text.contains("household 'H2' is missing, but persons are registered to it (P2)")
        }
        let buildings = dir.write("b.geojsonl", SmallDistrict.feature(#""id":"B1","address":"x""#, SmallDistrict.square(101.704, 26.579, 101.705, 26.58)))
        #expect {
            try importer.import(.buildings, file: buildings)
        } throws: { error in "\(error)".contains("building 'B2' is missing, but 1 household is registered to it (H2)") }
        #expect(try snapshot(store) == before)
    }

    @Test func reimportingALayerReplacesItWhole() throws {
        let dir = TemporaryDirectory()
        let (store, importer) = try loaded(dir)
        let units = dir.write("u.json", #"[{"id":"U-new","name":"新单位","level":"district","jurisdiction":["D"],"categories":["water"]}]"#)
        _ = try importer.import(.units, file: units)
        #expect(try store.units().map(\.id) == ["U-new"])
    }

    @Test func reimportingAreasMovesBuildingsToTheirNewCells() throws {
        let dir = TemporaryDirectory()
        let (store, importer) = try loaded(dir)
        // Merge G1 and G2 into one cell "G12".
        var specs = SmallDistrict.areaSpecs.filter { $0.id != "G1" && $0.id != "G2" }
        specs.append(.init(id: "G12", name: "合并网格", level: "grid", parent: "C1", ring: SmallDistrict.square(101.70, 26.57, 101.72, 26.59)))
        let file = dir.write("a2.geojsonl", specs.map(SmallDistrict.areaFeature).joined(separator: "\n"))
        _ = try importer.import(.areas, file: file)
        let placed = Dictionary(uniqueKeysWithValues: try store.buildings().map { ($0.0.id, $0.1[.grid]) })
        #expect(placed["B1"] == "G12")
        #expect(placed["B3"] == "G12")
    }

    @Test func csvQuotingAndByteOrderMarksAreHandled() throws {
        let dir = TemporaryDirectory()
        let (store, importer) = try loaded(dir)
        let file = dir.write("h.csv", "\u{FEFF}id,building,room,address\r\nH1,B1,501,\"金海路12号, \"\"阳光\"\"小区\r\n3栋\"\r\nH2,B2,302,\r\n")
        let summary = try importer.import(.households, file: file)
        #expect(summary.records == 2)
        #expect(try store.householdIDs() == ["H1", "H2"])
    }

    @Test func selfIntersectingAreasAreAcceptedWithAWarning() throws {
        let dir = TemporaryDirectory()
        let store = try GridStore(path: dir.file("w.db"))
        let bowtie = #"{"type":"Feature","properties":{"id":"G","name":"蝴蝶网格","level":"grid"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}}"#
        let summary = try Importer(store: store).import(.areas, file: dir.write("a.geojsonl", bowtie))
        #expect(summary.records == 1)
        #expect(summary.warnings.first?.reason.contains("self-intersect") == true)
    }

    @Test func missingFilesAndUnknownLayersSayWhat() throws {
        let dir = TemporaryDirectory()
        let importer = Importer(store: try GridStore(path: dir.file("w.db")))
        #expect { try importer.import(.areas, file: dir.file("none.geojson")) } throws: { "\($0)".contains("cannot open") }
        #expect { try importer.import(.calendar, file: dir.write("c.json", "[]")) } throws: { "\($0)".contains("expected a JSON object") }
        #expect { try importer.import(.areas, file: dir.write("empty.geojson", "")) } throws: { "\($0)".contains("no features found") }
    }

    /// Bytes that are not UTF-8, or a NUL, are never silently replaced or cut: the import is
    /// refused with the line (and cell) where they stand.
    @Test func invalidTextInAFileIsAProblemNamingItsPlace() throws {
        let dir = TemporaryDirectory()
        let (store, importer) = try loaded(dir)
        let before = try snapshot(store)
        var csv = Array("id,building,unit,floor,room,address\nH1,B1,2,5,501,阳光小区\nH2,B2,1,3,301,".utf8)
        csv += [0xC3, 0x28] + Array("金海路\nH3,B1,1,1,101,a\u{0}b\n".utf8)
        let csvFile = dir.file("bad-households.csv")
        _ = FileManager.default.createFile(atPath: csvFile, contents: Data(csv))
        #expect {
            try importer.import(.households, file: csvFile)
        } throws: { error in
            let text = (error as? ImportFailure)?.problems.map(\.description) ?? []
            return text.contains { $0.contains("line 3") && $0.contains("cell 6") && $0.contains("invalid UTF-8") }
                && text.contains { $0.contains("line 4") && $0.contains("NUL") }
        }
        var geo = Array(#"{"type":"Feature","properties":{"id":"B9","address":"阳光小区"#.utf8) + [0xFF]
        geo += Array(#""},"geometry":{"type":"Point","coordinates":[101.705,26.58]}}"#.utf8) + [0x0A]
        let geoFile = dir.file("bad-buildings.geojsonl")
        _ = FileManager.default.createFile(atPath: geoFile, contents: Data(Array(SmallDistrict.buildingsGeoJSONL.utf8) + [0x0A] + geo))
        #expect {
            try importer.import(.buildings, file: geoFile)
        } throws: { error in
            let text = (error as? ImportFailure)?.problems.map(\.description) ?? []
            return text.contains { $0.contains("feature 4 (line") && $0.contains("byte 65 of the feature: invalid UTF-8") }
        }
        #expect(try snapshot(store) == before)
    }
}

@Suite struct ImporterCRSTests {
    @Test func aProjectedFileGetsOneClearProblem() throws {
        let dir = TemporaryDirectory()
        let store = try GridStore(path: dir.file("w.db"))
        // Gauss–Krüger metres, as CGCS2000 / 3-degree zone exports come.
        let file = dir.write("projected.geojson", """
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4547"}},"features":[
            {"type":"Feature","properties":{"id":"G1","name":"网格","level":"grid"},"geometry":{"type":"Polygon","coordinates":[[[500000,2940000],[501000,2940000],[501000,2941000],[500000,2940000]]]}}
            ]}
            """)
        #expect {
            try Importer(store: store).import(.areas, file: file)
        } throws: { error in
            guard let f = error as? ImportFailure else { return false }
            return f.problems.count == 1 && f.problems[0].field == "crs"
                && f.problems[0].reason.contains("EPSG::4547") && f.problems[0].reason.contains("ogr2ogr -t_srs EPSG:4326")
        }
        #expect(try store.counts()["area"] == 0)
    }

    @Test func aCRS84DeclarationIsAccepted() throws {
        let dir = TemporaryDirectory()
        let store = try GridStore(path: dir.file("w.db"))
        let text = SmallDistrict.areasGeoJSON.replacingOccurrences(of: "{\"type\":\"FeatureCollection\",",
            with: "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},")
        #expect(try Importer(store: store).import(.areas, file: dir.write("a.geojson", text)).records == 11)
    }
}
