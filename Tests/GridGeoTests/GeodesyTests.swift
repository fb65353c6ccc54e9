import GridGeo
import Testing

@Suite struct GeodesyTests {
    /// Vincenty's own test line: Flinders Peak to Buninyong, 54,972.271 m.
    @Test func vincentyMatchesThePublishedExample() {
        let flinders = Coordinate(lon: 144 + 25 / 60.0 + 29.52440 / 3600, lat: -(37 + 57 / 60.0 + 3.72030 / 3600))
        let buninyong = Coordinate(lon: 143 + 55 / 60.0 + 35.38390 / 3600, lat: -(37 + 39 / 60.0 + 10.15610 / 3600))
        #expect(abs(Geodesy.distance(flinders, buninyong) - 54972.271) < 0.01)
    }

    @Test func oneDegreeOfLatitudeNearTheEquatorIsAbout110574Metres() {
        let d = Geodesy.distance(Coordinate(lon: 0, lat: -0.5), Coordinate(lon: 0, lat: 0.5))
        #expect(abs(d - 110574) < 5)
        #expect(abs(Geodesy.metresPerDegreeLatitude(atLatitude: 0) - 110574) < 1)
    }

    @Test func nearlyAntipodalPointsStillGetADistance() {
        let d = Geodesy.distance(Coordinate(lon: 0, lat: 0), Coordinate(lon: 179.7, lat: 0.5))
        #expect(d > 19_900_000 && d < 20_050_000)
    }

    @Test func areaOfAKnownSquare() {
        // 0.01° × 0.01° at 26.58° N ≈ 996 m × 1,107 m.
        let ring = [Coordinate(lon: 101.70, lat: 26.575), Coordinate(lon: 101.71, lat: 26.575), Coordinate(lon: 101.71, lat: 26.585),
                    Coordinate(lon: 101.70, lat: 26.585), Coordinate(lon: 101.70, lat: 26.575)]
        let expected = 0.01 * Geodesy.metresPerDegreeLongitude(atLatitude: 26.58) * 0.01 * Geodesy.metresPerDegreeLatitude(atLatitude: 26.58)
        #expect(abs(Geodesy.ringArea(ring) - expected) / expected < 0.005)
    }

    @Test func distanceToASegmentUsesTheNearestPoint() {
        let a = Coordinate(lon: 101.70, lat: 26.58), b = Coordinate(lon: 101.71, lat: 26.58)
        let above = Coordinate(lon: 101.705, lat: 26.581)
        #expect(abs(Geodesy.distanceToSegment(above, a, b) - Geodesy.distance(above, Coordinate(lon: 101.705, lat: 26.58))) < 0.05)
        let beyond = Coordinate(lon: 101.712, lat: 26.58)
        #expect(abs(Geodesy.distanceToSegment(beyond, a, b) - Geodesy.distance(beyond, b)) < 0.05)
    }
}
