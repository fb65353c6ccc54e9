import ArgumentParser
import GridGeo
import GridModel
import GridService

struct LocateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "locate",
        abstract: "Place a point: building, grid cell, community, street, district and responsible units.",
        discussion: """
            With LON LAT (or LON,LAT, as map sites copy it) prints the locate result as JSON. With --batch reads \
            `lon,lat` lines (or lon and lat separated by a tab or spaces) on standard input and writes \
            `\(BatchLocator.header)` lines in input order; a bad line is reported on standard error with its number \
            and gives a line of empty fields, and the exit status is 1 unless --skip-bad.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "The coordinate system of the input: wgs84 (= CGCS2000), gcj02 (AMap, Tencent, WeChat) or bd09 (Baidu).")
    var crs: String = "wgs84"

    @Flag(help: "Read lon,lat lines from standard input and write CSV lines to standard output.")
    var batch = false

    @Flag(help: "With --batch: exit 0 even when some lines were bad (they still give empty lines).")
    var skipBad = false

    @Argument(help: "Longitude and latitude, in that order: two numbers, or one 'LON,LAT'.")
    var arguments: [String] = []

    /// LON LAT or LON,LAT as numbers, or nil when they are not two numbers.
    var coordinates: [Double]? {
        let parts = arguments.count == 1 ? arguments[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init) : arguments
        let numbers = parts.compactMap { Double($0.trimmingWhitespace) }
        return parts.count == 2 && numbers.count == 2 ? numbers : nil
    }

    func validate() throws {
        guard CoordinateSystem(name: crs) != nil else {
            throw ValidationError("unknown --crs '\(crs)': use wgs84, gcj02 or bd09")
        }
        if batch {
            guard arguments.isEmpty else { throw ValidationError("--batch reads points from standard input; give no LON LAT") }
        } else {
            if skipBad { throw ValidationError("--skip-bad goes with --batch") }
            guard let coordinates else {
                throw ValidationError("give LON LAT or LON,LAT (two numbers, longitude first), or --batch; found '\(arguments.joined(separator: " "))'")
            }
            guard Coordinate(lon: coordinates[0], lat: coordinates[1]).isValidLonLat else {
                throw ValidationError("lon/lat out of range: lon must be within ±180 and lat within ±90 (order is LON LAT)")
            }
        }
    }

    func run() throws {
        let system = CoordinateSystem(name: crs)!
        var failed = false
        do {
            let locator = try Locator.open(store: try store.open()) { printError("wangge: \($0)") }
            if batch {
                var bad = 0
                try BatchLocator(locator: locator, crs: system).run(input: 0, output: 1) { line, reason in
                    bad += 1
                    if bad <= 100 { printError("line \(line): \(reason)") } else if bad == 101 { printError("… further bad lines not shown") }
                }
                if bad > 0 {
                    printError("\(bad) bad line\(bad == 1 ? "" : "s")\(skipBad ? " (skipped)" : "; exit status 1 (--skip-bad to carry on)")")
                    if !skipBad { failed = true }
                }
            } else {
                let c = coordinates!
                print(locator.locate(Coordinate(lon: c[0], lat: c[1]), crs: system).jsonText)
            }
        } catch {
            exitWith(error)
        }
        if failed { throw ExitCode(1) }
    }
}
