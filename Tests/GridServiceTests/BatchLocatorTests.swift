import Foundation
import GridDemo
import GridGeo
import GridModel
import GridService
import GridTestSupport
import Testing

@Suite struct BatchLocatorTests {
    /// Runs the batch from one real file descriptor to another, as the CLI does with stdin/stdout.
    func run(_ input: String, crs: CoordinateSystem = .wgs84) throws -> (lines: [String], bad: [(Int, String)]) {
        let dir = TemporaryDirectory()
        let inPath = dir.write("in.csv", input)
        let outPath = dir.file("out.csv")
        let inFD = open(inPath, O_RDONLY)
        let outFD = open(outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { close(inFD); close(outFD) }
        var bad: [(Int, String)] = []
        try BatchLocator(locator: LocatorTests.locator, crs: crs).run(input: inFD, output: outFD) { bad.append(($0, $1)) }
        let text = try String(contentsOfFile: outPath, encoding: .utf8)
        return (text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init), bad)
    }

    @Test func writesOneLineAPointInInputOrder() throws {
        let b = LocatorTests.demo.buildings[5]
        let hit = LocatorTests.locator.placement(lon: b.position.lon, lat: b.position.lat)
        let out = try run("\(b.position.lon),\(b.position.lat)\n0,0\r\n  \(b.position.lon) , \(b.position.lat) ")
        #expect(out.lines.count == 3)
        #expect(out.lines[0] == "\(b.position.lon),\(b.position.lat),\(b.id),\(hit[.grid]!),\(hit[.community]!),\(hit[.street]!),\(hit[.district]!),U-\(hit[.community]!)")
        #expect(out.lines[1] == "0,0,,,,,,")
        #expect(out.lines[2].hasPrefix("\(b.position.lon),\(b.position.lat),\(b.id),"))
        #expect(out.bad.isEmpty)
    }

    @Test func badLinesAreReportedAndKeepTheirPlace() throws {
        let out = try run("101.72,26.58\nlon,lat\n\n101.72\n999,26\n101.72,26.58\n")
        #expect(out.lines.count == 6)
        #expect(out.lines[1] == ",,,,,,,")
        #expect(out.lines[2] == ",,,,,,,")
        #expect(out.lines[3] == ",,,,,,,")
        #expect(out.lines[4] == ",,,,,,,")
        #expect(out.lines[5] == out.lines[0])
        #expect(out.bad.map(\.0) == [2, 3, 4, 5])
        #expect(out.bad[3].1.contains("out of range"))
    }

    @Test func convertsTheInputSystemButEchoesItsNumbers() throws {
        let b = LocatorTests.demo.buildings[42]
        let bd = CoordinateSystem.bd09.fromWGS84(b.position)
        let out = try run("\(bd.lon),\(bd.lat)\n", crs: .bd09)
        #expect(out.lines[0].hasPrefix("\(bd.lon),\(bd.lat),\(b.id),"))
    }

    @Test func handlesInputLargerThanOneReadBuffer() throws {
        let b = LocatorTests.demo.buildings[7]
        let line = "\(b.position.lon),\(b.position.lat)\n"
        let out = try run(String(repeating: line, count: 60_000))
        #expect(out.lines.count == 60_000)
        #expect(Set(out.lines).count == 1)
    }
}
