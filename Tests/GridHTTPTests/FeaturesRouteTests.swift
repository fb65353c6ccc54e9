import Foundation
import GridGeo
import GridHTTP
import GridModel
import Testing

@Suite struct FeaturesRouteTests {
    func get(_ uri: String, _ check: @escaping @Sendable (LoopbackServer.Answer, JSONValue) throws -> Void) async throws {
        let answer = try await LoopbackServer.get(uri)
        try check(answer, answer.json)
    }

    @Test func landingAndConformanceLinkTheAPI() async throws {
        try await get("/") { _, body in
            let rels = body["links"]?.arrayValue?.compactMap { $0["rel"]?.stringValue } ?? []
            #expect(rels.contains("conformance") && rels.contains("data") && rels.contains("self"))
            // Links are absolute, built from the authority the client used.
            let href = body["links"]?.arrayValue?.first?["href"]?.stringValue ?? ""
            #expect(href.hasPrefix("http://127.0.0.1:") && href.hasSuffix("/"))
        }
        try await get("/conformance") { _, body in
            #expect(body["conformsTo"]?.arrayValue?.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core") == true)
            #expect(body["conformsTo"]?.arrayValue?.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson") == true)
        }
    }

    @Test func collectionsListEveryLevelBuildingsUnitsAndPetitionsWithExtents() async throws {
        // Anonymous callers are not shown the petitions, which they could not open.
        try await get("/collections") { _, body in
            let ids = body["collections"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
            #expect(ids == ["provinces", "cities", "districts", "streets", "communities", "grids", "buildings", "units"])
        }
        try await LoopbackServer.run(as: .inspector) { request in
            let body = try await request("GET", "/collections").json
            let ids = body["collections"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
            #expect(ids == ["provinces", "cities", "districts", "streets", "communities", "grids", "buildings", "units", "petitions"])
            let grids = body["collections"]?.arrayValue?.first { $0["id"] == "grids" }
            #expect(grids?["extent"]?["spatial"]?["bbox"] == [[101.70, 26.57, 101.74, 26.59]])
            let petitions = body["collections"]?.arrayValue?.first { $0["id"] == "petitions" }
            #expect(petitions?["extent"]?["temporal"]?["interval"] == [["2025-01-01T08:00:00+08:00", "2026-11-04T12:00:00Z"]])
            let units = body["collections"]?.arrayValue?.first { $0["id"] == "units" }
            #expect(units?["extent"]?["spatial"]?["bbox"] == [[101.70, 26.57, 101.74, 26.59]])
        }
    }

    @Test func itemsPageWithCountsAndNextAndPrevLinks() async throws {
        try await get("/collections/grids/items?limit=3") { response, body in
            #expect(response.contentType == "application/geo+json")
            #expect(body["type"] == "FeatureCollection")
            #expect(body["numberMatched"] == 4)
            #expect(body["numberReturned"] == 3)
            #expect(body["features"]?.arrayValue?.map { $0["id"] } == ["G1", "G2", "G3"])
            let next = body["links"]?.arrayValue?.first { $0["rel"] == "next" }?["href"]?.stringValue
            #expect(next?.hasPrefix("http://127.0.0.1:") == true && next?.contains("/collections/grids/items?") == true)
            #expect(next?.contains("limit=3") == true && next?.contains("offset=3") == true)
        }
        try await get("/collections/grids/items?limit=3&offset=3") { _, body in
            #expect(body["numberReturned"] == 1)
            #expect(body["features"]?.arrayValue?.first?["properties"]?["worker"] == nil)
            let rels = body["links"]?.arrayValue?.compactMap { $0["rel"]?.stringValue }
            #expect(rels == ["self", "prev"])
        }
    }

    @Test func bboxAndPropertyFiltersNarrowTheItems() async throws {
        try await get("/collections/grids/items?bbox=101.705,26.575,101.715,26.58") { _, body in
            #expect(body["features"]?.arrayValue?.map { $0["id"] } == ["G1", "G2"])
            #expect(body["numberMatched"] == 2)
        }
        try await get("/collections/grids/items?parent=C2") { _, body in
            #expect(body["features"]?.arrayValue?.map { $0["id"] } == ["G3", "G4"])
        }
        try await get("/collections/buildings/items?grid=G1") { _, body in
            #expect(body["features"]?.arrayValue?.map { $0["id"] } == ["B1"])
            #expect(body["features"]?.arrayValue?.first?["properties"]?["community"] == "C1")
        }
        // A footprint reaching into the box counts, though its own point lies outside.
        try await get("/collections/buildings/items?bbox=101.7105,26.5750,101.7200,26.5760") { _, body in
            #expect(body["features"]?.arrayValue?.map { $0["id"] } == ["B3"])
        }
    }

    @Test func aSingleFeatureAndItsAbsence() async throws {
        try await get("/collections/grids/items/G1") { response, body in
            #expect(response.status == 200)
            #expect(body["id"] == "G1")
            #expect(body["properties"]?["worker"] == "王芳")
            #expect(body["properties"]?["phone"] == nil, "the worker's phone stays out of public layers")
            let href = body["links"]?.arrayValue?.first?["href"]?.stringValue
            #expect(href?.hasPrefix("http://127.0.0.1:") == true && href?.hasSuffix("/collections/grids/items/G1") == true)
        }
        try await get("/collections/grids/items/G9") { response, body in
            #expect(response.status == 404)
            #expect(body["type"] == "/problems/not-found")
        }
        try await get("/collections/roads/items") { response, body in
            #expect(response.status == 404)
            #expect(body["detail"]?.stringValue?.contains("collections: provinces") == true)
        }
    }

    @Test(arguments: [
        ("/collections/grids/items?limit=10001", "outside 1…10000"),
        ("/collections/grids/items?limit=0", "outside 1…10000"),
        ("/collections/grids/items?offset=-1", "outside"),
        ("/collections/grids/items?bbox=101.74,26.57,101.70,26.59", "min must not exceed max"),
        ("/collections/grids/items?bbox=1,2,3", "4 numbers"),
        ("/collections/grids/items?bbox=0,0,200,10", "out of range"),
        ("/collections/grids/items?grid=G1", "'grid' is not a parameter"),
        ("/collections/buildings/items?parent=C1", "'parent' is not a parameter"),
    ])
    func badItemsRequestsAre400s(uri: String, detail: String) async throws {
        try await get(uri) { response, body in
            #expect(response.status == 400)
            #expect(body["detail"]?.stringValue?.contains(detail) == true, "\(body)")
        }
    }

    @Test func coordinatesComeInTheRequestedSystemWithContentCrs() async throws {
        let plain = try await LoopbackServer.get("/collections/grids/items/G1")
        #expect(plain.contentCRS == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>")
        #expect(plain.json["geometry"]?["coordinates"]?[0]?[0]?[0] == [101.70, 26.57])
        let gcj = try await LoopbackServer.get("/collections/grids/items/G1?crs=gcj02")
        #expect(gcj.contentCRS == "<urn:wangge:def:crs:gcj02>")
        let shifted = ChinaShift.wgs84ToGCJ02(Coordinate(lon: 101.70, lat: 26.57))
        // Converted coordinates are rounded to 7 decimals (~1 cm), the conversion's own precision.
        #expect(gcj.json["geometry"]?["coordinates"]?[0]?[0]?[0] == [.number((shifted.lon * 1e7).rounded() / 1e7), .number((shifted.lat * 1e7).rounded() / 1e7)])
        let page = try await LoopbackServer.get("/collections/buildings/items?crs=bd09&limit=1")
        #expect(page.contentCRS == "<urn:wangge:def:crs:bd09>")
        #expect(page.json["features"]?.arrayValue?.count == 1)
        let bad = try await LoopbackServer.get("/collections/grids/items?crs=EPSG:3857")
        #expect(bad.status == 400)
    }
}

@Suite struct PetitionAndUnitCollectionTests {
    @Test func petitionsFilterByTimePropertyAndBoxWithoutPersonalData() async throws {
        try await LoopbackServer.run(as: .dispatcher) { request in
            let all = try await request("GET", "/collections/petitions/items").json
            #expect(all["numberMatched"] == 5)
            let a = all["features"]?.arrayValue?.first { $0["id"] == "PA" }
            #expect(a?["properties"]?["grid"] == "G1" && a?["properties"]?["building"] == "B1")
            #expect(a?["properties"]?["resolve_by"] == "2026-11-16T23:59:59+08:00")
            for hidden in ["text", "address", "contact"] { #expect(a?["properties"]?[hidden] == nil) }
            let pd = all["features"]?.arrayValue?.first { $0["id"] == "PD" }
            #expect(pd?["geometry"] == .null)
            let november = try await request("GET", "/collections/petitions/items?datetime=2026-11-01/..").json
            #expect(november["numberMatched"] == 3)
            let day = try await request("GET", "/collections/petitions/items?datetime=2026-11-02").json
            #expect(day["features"]?.arrayValue?.map { $0["id"] } == ["PA"])
            let instant = try await request("GET", "/collections/petitions/items?datetime=2026-11-02T01:00:00Z").json
            #expect(instant["numberMatched"] == 1)
            let either = try await request("GET", "/collections/petitions/items?status=received,replied").json
            #expect(either["features"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["PA", "PC", "PD"], "a comma list is any of them")
            let water = try await request("GET", "/collections/petitions/items?category=water&status=replied").json
            #expect(water["features"]?.arrayValue?.map { $0["id"] } == ["PC"])
            let box = try await request("GET", "/collections/petitions/items?bbox=101.70,26.57,101.72,26.59").json
            #expect(box["features"]?.arrayValue?.map { $0["id"] } == ["PA"])
            let bad = try await request("GET", "/collections/petitions/items?datetime=2026-11-05/2026-11-01")
            #expect(bad.status == 400 && bad.json["detail"]?.stringValue?.contains("the start is after the end") == true)
            let noTime = try await request("GET", "/collections/grids/items?datetime=2026-11-01")
            #expect(noTime.status == 400 && noTime.json["type"] == "/problems/unknown-parameter")
        }
    }

    @Test func unitsCoverTheirJurisdictionAndFilterByCategoryAndArea() async throws {
        try await LoopbackServer.run { request in
            let water = try await request("GET", "/collections/units/items?category=water").json
            #expect(water["features"]?.arrayValue?.map { $0["id"] } == ["U-D"])
            let d = try await request("GET", "/collections/units/items/U-D").json
            #expect(d["properties"]?["jurisdiction"] == ["D"])
            #expect(d["properties"]?["categories"] == ["water"])
            #expect(d["geometry"]?["type"] == "MultiPolygon")
            let inC1 = try await request("GET", "/collections/units/items?area=C1").json
            #expect(inC1["features"]?.arrayValue?.map { $0["id"] } == ["U-C1"])
            // S1's ground is the west half: a box in the east half finds only the district's unit.
            let east = try await request("GET", "/collections/units/items?bbox=101.73,26.575,101.735,26.58").json
            #expect(east["features"]?.arrayValue?.map { $0["id"] } == ["U-D"])
        }
    }
}
