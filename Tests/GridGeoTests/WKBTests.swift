import GridGeo
import Testing

@Suite struct WKBTests {
    @Test(arguments: [
        Geometry.point(Coordinate(lon: 101.7, lat: 26.5)),
        .lineString([Coordinate(lon: 1, lat: 2), Coordinate(lon: 3, lat: 4)]),
        .multiPolygon(MultiPolygon([Polygon(exterior: [Coordinate(lon: 0, lat: 0), Coordinate(lon: 1, lat: 0), Coordinate(lon: 1, lat: 1), Coordinate(lon: 0, lat: 0)],
                                            holes: [[Coordinate(lon: 0.5, lat: 0.2), Coordinate(lon: 0.6, lat: 0.2), Coordinate(lon: 0.6, lat: 0.3), Coordinate(lon: 0.5, lat: 0.2)]])])),
    ])
    func roundTrips(g: Geometry) throws {
        #expect(try WKB.decode(WKB.encode(g)) == g)
    }

    @Test func refusesTruncatedData() {
        let bytes = WKB.encode(.point(Coordinate(lon: 1, lat: 2)))
        #expect(throws: WKB.DecodingError.self) { try WKB.decode(bytes.dropLast(3)) }
    }
}
