import ArgumentParser
import GridGeo
import GridService

struct LocateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "locate",
        abstract: "Place a point: building, grid cell, community, street, district and responsible units.",
        discussion: """
            With LON LAT prints the locate result as JSON. With --batch reads `lon,lat` lines on standard input and \
            writes `\(BatchLocator.header)` lines in input order; a bad line is reported on standard error with its \
            number and gives a line of empty fields.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "The coordinate system of the input: wgs84 (= CGCS2000), gcj02 (AMap, Tencent, WeChat) or bd09 (Baidu).")
    var crs: String = "wgs84"

    @Flag(help: "Read lon,lat lines from standard input and write CSV lines to standard output.")
    var batch = false

    @Argument(help: "Longitude and latitude, in that order.")
    var coordinates: [Double] = []

    func validate() throws {
        guard CoordinateSystem(name: crs) != nil else {
            throw ValidationError("unknown --crs '\(crs)': use wgs84, gcj02 or bd09")
        }
        if batch {
            guard coordinates.isEmpty else { throw ValidationError("--batch reads points from standard input; give no LON LAT") }
        } else {
            guard coordinates.count == 2 else { throw ValidationError("give LON LAT (two numbers, longitude first), or --batch") }
            guard Coordinate(lon: coordinates[0], lat: coordinates[1]).isValidLonLat else {
                throw ValidationError("lon/lat out of range: lon must be within ±180 and lat within ±90 (order is LON LAT)")
            }
        }
    }

    func run() throws {
        let system = CoordinateSystem(name: crs)!
        do {
            let locator = try Locator(store: try store.open())
            if batch {
                var bad = 0
                try BatchLocator(locator: locator, crs: system).run(input: 0, output: 1) { line, reason in
                    bad += 1
                    if bad <= 100 { printError("line \(line): \(reason)") } else if bad == 101 { printError("… further bad lines not shown") }
                }
                if bad > 0 { printError("\(bad) bad line\(bad == 1 ? "" : "s")") }
            } else {
                print(locator.locate(Coordinate(lon: coordinates[0], lat: coordinates[1]), crs: system).jsonText)
            }
        } catch {
            exitWith(error)
        }
    }
}
