import GridGeo
import Testing

@Suite struct CoordinateSystemTests {
    /// Published pairs from wandergis/coordtransform's README (116.404, 39.915).
    @Test func matchesPublishedReferencePairs() {
        let p = Coordinate(lon: 116.404, lat: 39.915)
        let gcj = ChinaShift.wgs84ToGCJ02(p)
        #expect(abs(gcj.lon - 116.41024449916938) < 1e-9 && abs(gcj.lat - 39.91640428150164) < 1e-9)
        let bd = ChinaShift.gcj02ToBD09(p)
        #expect(abs(bd.lon - 116.41036949371029) < 1e-9 && abs(bd.lat - 39.92133699351021) < 1e-9)
        // The published BD-09 → GCJ-02 is a closed-form approximation; ours refines it, so it
        // agrees to well under a metre and round-trips exactly.
        let back = ChinaShift.bd09ToGCJ02(p)
        #expect(Geodesy.distance(back, Coordinate(lon: 116.39762729119315, lat: 39.90865673957631)) < 1.0)
        // Likewise the published one-step GCJ-02 → WGS-84 is off by metres; the iterated one is not.
        let wgs = ChinaShift.gcj02ToWGS84(p)
        #expect(Geodesy.distance(wgs, Coordinate(lon: 116.39775550083061, lat: 39.91359571849836)) < 5.0)
    }

    @Test func gcjRoundTripsWithinHalfAMetreAcrossChina() {
        var worst = 0.0
        var lon = 74.0
        while lon < 135 {
            var lat = 18.5
            while lat < 53 {
                let w = Coordinate(lon: lon, lat: lat)
                for system in [CoordinateSystem.gcj02, .bd09] {
                    let back = system.toWGS84(system.fromWGS84(w))
                    worst = max(worst, Geodesy.distance(w, back))
                }
                lat += 0.73
            }
            lon += 0.91
        }
        #expect(worst < 0.5)
        #expect(worst < 0.05, "iteration should reach centimetres, worst was \(worst) m")
    }

    @Test func gcjShiftIsHundredsOfMetresInPanzhihua() {
        let w = Coordinate(lon: 101.7186, lat: 26.5802)
        let shift = Geodesy.distance(w, ChinaShift.wgs84ToGCJ02(w))
        #expect(shift > 200 && shift < 800)
    }

    @Test func pointsOutsideChinaPassUnchanged() {
        for c in [Coordinate(lon: 2.35, lat: 48.85), Coordinate(lon: -74, lat: 40.7), Coordinate(lon: 139.7, lat: 35.7)] {
            #expect(ChinaShift.wgs84ToGCJ02(c) == c)
            #expect(CoordinateSystem.gcj02.toWGS84(c) == c)
        }
    }

    @Test func parsesCommonNames() {
        #expect(CoordinateSystem(name: "GCJ-02") == .gcj02)
        #expect(CoordinateSystem(name: "CGCS2000") == .wgs84)
        #expect(CoordinateSystem(name: "bd09ll") == .bd09)
        #expect(CoordinateSystem(name: "utm") == nil)
    }
}
