import Foundation
import GridGeo
import GridModel
import GridTestSupport
import Testing

/// The map page in a real browser: headless Chromium (Debian's `chromium`) loads it from the
/// server on loopback, and the test reads what the page drew.
@Suite struct MapPageTests {
    static let chromium = "/usr/bin/chromium"

    /// Whether Debian's chromium is there; records the failure when it is not.
    static func chromiumInstalled() -> Bool {
        if FileManager.default.isExecutableFile(atPath: chromium) { return true }
        Issue.record("\(chromium) is missing: install chromium (scripts/setup.sh --tests does)")
        return false
    }

    /// Runs Chromium headless on `url` with the given output flag; returns its stdout and the
    /// console messages it logged.
    static func chromium(_ url: String, _ output: String, in dir: TemporaryDirectory,
                         windowSize: String = "1280,800") throws -> (stdout: String, console: [String]) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium)
        // Virtual time runs the page's timers and fetches to completion, then the DOM is read.
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + dir.file("profile"),
                       "--virtual-time-budget=30000", "--window-size=" + windowSize, output, url]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let console = String(decoding: stderr, as: UTF8.self).split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") }
        return (String(decoding: stdout, as: UTF8.self), console)
    }

    /// The `data-` attributes the page sets on its body as it draws.
    static func bodyData(_ dom: String) -> [String: String] {
        guard let start = dom.range(of: "<body"), let end = dom[start.upperBound...].firstIndex(of: ">") else { return [:] }
        var out: [String: String] = [:]
        for part in dom[start.upperBound..<end].split(separator: " ") {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2, kv[0].hasPrefix("data-") { out[String(kv[0].dropFirst(5))] = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return out
    }

    @Test func theMapDrawsTheGridAndTheHeatMapAndADispatchersPetitionsWithoutConsoleErrors() async throws {
        guard Self.chromiumInstalled() else { return }
        let dir = TemporaryDirectory()
        let dispatcher = try #require(LoopbackServer.tokens[.dispatcher])
        let screenshot = dir.file("map-page.png")
        let box = ResultBox()
        try await LoopbackServer.serve { port in
            // The fixture's petitions are from 2025–2026: the link fixes the period.
            let page = "http://127.0.0.1:\(port)/#from=2025-01-01&to=2026-12-31"
            box.anonymous = try await offThePool { try Self.chromium(page, "--dump-dom", in: dir) }
            box.signedIn = try await offThePool { try Self.chromium(page + "&token=" + dispatcher, "--dump-dom", in: dir) }
            box.shot = try await offThePool { try Self.chromium(page + "&status=&token=" + dispatcher, "--screenshot=" + screenshot, in: dir) }
            // What a click shows, opened from the link: a grid cell, a petition's timeline, an address.
            box.grid = try await offThePool { try Self.chromium(page + "&grid=G1", "--dump-dom", in: dir) }
            box.petition = try await offThePool { try Self.chromium(page + "&petition=PA&token=" + dispatcher, "--dump-dom", in: dir) }
            box.address = try await offThePool { try Self.chromium(page + "&address=" + "金海路12号阳光小区3栋".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
                                            "--dump-dom", in: dir) }
        }
        let (anonymous, signedIn, shot) = (box.anonymous!, box.signedIn!, box.shot!)

        let a = Self.bodyData(anonymous.stdout)
        #expect(a["ready"] == "1", "the page finished loading: \(a)")
        #expect(anonymous.stdout.contains("诉求地图"))
        // 2 streets, 2 communities, 4 grid cells, each an SVG path in the outlines pane.
        #expect(Int(a["grid-paths"] ?? "") ?? 0 >= 8, "\(a)")
        // The fixture's bins hold one or two petitions each: too few to show anonymous visitors.
        #expect((a["heat-paths"] ?? "0") == "0", "\(a)")
        #expect(a["petition-markers"] == nil, "anonymous callers see no petitions")
        #expect(a["errors"] == nil)
        #expect(anonymous.console.isEmpty, "\(anonymous.console)")
        #expect(anonymous.stdout.contains("未登录"))

        let d = Self.bodyData(signedIn.stdout)
        #expect(d["ready"] == "1", "\(d)")
        #expect(Int(d["petition-markers"] ?? "") ?? 0 >= 1, "the open petition PA is drawn: \(d)")
        #expect(Int(d["heat-paths"] ?? "") ?? 0 >= 1, "\(d)")
        #expect(signedIn.stdout.contains("调度员"))
        #expect(!signedIn.stdout.contains(dispatcher), "the token is not left in the page")
        #expect(d["errors"] == nil)
        #expect(signedIn.console.isEmpty, "\(signedIn.console)")

        #expect(shot.console.isEmpty, "\(shot.console)")

        // A grid cell: its worker, counts, satisfaction and responsible units.
        let grid = try #require(box.grid)
        #expect(Self.bodyData(grid.stdout)["detail"] == "grid", "\(Self.bodyData(grid.stdout))")
        for shown in ["阳城社区第1网格（阳城社区 · 炳草岗街道）", "王芳", "满意率", "阳城社区居民委员会", "东区水务局"] {
            #expect(grid.stdout.contains(shown), "\(shown) in the grid cell's panel")
        }
        #expect(!grid.stdout.contains("13800000001"), "the worker's phone is not public")
        // A petition: its timeline, in Chinese.
        let petition = try #require(box.petition)
        #expect(Self.bodyData(petition.stdout)["detail"] == "petition")
        #expect(petition.stdout.contains("楼下水管爆裂") && petition.stdout.contains("办理过程") && petition.stdout.contains("受理"))
        // An address: the candidates, and the building drawn.
        let address = try #require(box.address)
        #expect(address.stdout.contains("确定") && address.stdout.contains("阳光小区3栋"))
        #expect(address.stdout.contains("leaflet-popup"), "the building's popup is open")
        for run in [grid, petition, address] { #expect(run.console.isEmpty, "\(run.console)") }
        let png = try Data(contentsOf: URL(fileURLWithPath: screenshot))
        #expect(png.count > 10_000 && png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG screenshot")
        // Keep it where a developer can look at it after the run.
        let kept = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/map-page.png")
        try? FileManager.default.removeItem(at: kept)
        try? FileManager.default.copyItem(at: URL(fileURLWithPath: screenshot), to: kept)
    }

    /// Where the markers would stop at a page, the map draws every petition from the vector tiles
    /// (asked for here with #tiles=1, as the district is small): read, decoded and drawn by the
    /// page's own MVT reader in Chromium.
    @Test func petitionsAreDrawnFromVectorTiles() async throws {
        guard Self.chromiumInstalled() else { return }
        let dir = TemporaryDirectory()
        let dispatcher = try #require(LoopbackServer.tokens[.dispatcher])
        let box = ResultBox()
        try await LoopbackServer.serve { port in
            let page = "http://127.0.0.1:\(port)/#from=2025-01-01&to=2026-12-31&status=&tiles=1&token=" + dispatcher
            box.signedIn = try await offThePool { try Self.chromium(page, "--dump-dom", in: dir) }
        }
        let run = try #require(box.signedIn)
        let d = Self.bodyData(run.stdout)
        #expect(d["ready"] == "1" && d["petition-tiles"] == "1", "\(d)")
        // PA, PB, PC have points in the district (PE lies outside the view's tiles or not).
        #expect(Int(d["petition-tile-features"] ?? "") ?? 0 >= 3, "\(d)")
        #expect(d["errors"] == nil)
        #expect(run.console.isEmpty, "\(run.console)")
    }

    @Test func browsersGetThePageAndClientsTheLandingJSON() async throws {
        try await LoopbackServer.run { request in
            let json = try await request("GET", "/")
            #expect(json.contentType == "application/json; charset=utf-8")
            #expect(json.json["links"]?.arrayValue?.contains { $0["rel"] == "alternate" && $0["type"] == "text/html" } == true)
            let html = try await request("GET", "/?f=html")
            #expect(html.contentType == "text/html; charset=utf-8" && html.text.contains("/map/leaflet/leaflet.js"))
            #expect(try await request("GET", "/?f=json").contentType == "application/json; charset=utf-8")
            #expect(try await request("GET", "/?f=xml").status == 400)
            #expect(try await request("GET", "/map/assets/map.js").contentType == "text/javascript; charset=utf-8")
            let leaflet = try await request("GET", "/map/leaflet/leaflet.js")
            #expect(leaflet.status == 200 && leaflet.text.contains("Leaflet"), "Leaflet from Debian's libjs-leaflet")
            #expect(try await request("GET", "/map/leaflet/images/layers.png").status == 200)
            #expect(try await request("GET", "/map/leaflet/..%2F..%2Fpasswd").status == 404)
            let me = try await request("GET", "/me")
            #expect(me.json["role"] == .null && me.json["may"]?["read_petitions"] == false)
            let categories = try await request("GET", "/categories")
            #expect(categories.json["categories"]?.arrayValue?.compactMap { $0["code"]?.stringValue } == ["property", "water"])
        }
        try await LoopbackServer.run(as: .unit) { request in
            let me = try await request("GET", "/me")
            #expect(me.json["role"] == "unit" && me.json["unit"]?["id"] == "U-D")
            #expect(me.json["may"]?["read_petitions"] == true && me.json["may"]?["take_petitions"] == false)
        }
    }

    final class ResultBox: @unchecked Sendable {
        var anonymous: (stdout: String, console: [String])?
        var signedIn: (stdout: String, console: [String])?
        var shot: (stdout: String, console: [String])?
        var grid: (stdout: String, console: [String])?
        var petition: (stdout: String, console: [String])?
        var address: (stdout: String, console: [String])?
    }

    /// A grid worker's phone (390 × 844): the map takes most of the screen, the panel sits under
    /// it, the legend stays readable, dates read 2025-12-01 14:05, and an anonymous visitor is not
    /// offered a petitions layer that could never show anything. Screenshot: docs/map-page-phone.png.
    @Test func theMapPageWorksAtPhoneWidth() async throws {
        guard Self.chromiumInstalled() else { return }
        let dir = TemporaryDirectory()
        let worker = try #require(LoopbackServer.tokens[.gridWorker])
        let box = ResultBox()
        try await LoopbackServer.serve { port in
            let page = "http://127.0.0.1:\(port)/#from=2025-01-01&to=2026-12-31"
            box.anonymous = try await offThePool { try Self.chromium(page, "--dump-dom", in: dir, windowSize: "390,844") }
            box.petition = try await offThePool {
                try Self.chromium(page + "&petition=PA&token=" + worker, "--dump-dom", in: dir, windowSize: "390,844")
            }
            box.shot = try await offThePool {
                try Self.chromium(page + "&token=" + worker, "--screenshot=" + dir.file("map-page-phone.png"), in: dir, windowSize: "390,844")
            }
        }
        let anonymous = try #require(box.anonymous)
        let a = Self.bodyData(anonymous.stdout)
        #expect(a["ready"] == "1", "\(a)")
        let layout = (a["layout"] ?? "").split(separator: ",").compactMap { Int($0) }
        #expect(layout.count == 4, "\(a)")
        if layout.count == 4 {
            // (Headless Chromium lays a page out at least 500 px wide; the screenshot is 390.)
            #expect(layout[0] == layout[2] && layout[2] <= 500, "the panel sits under the map, both the screen's width: \(layout)")
            #expect(layout[3] > 2 * layout[1], "the map keeps most of the height: \(layout)")
        }
        #expect(!anonymous.stdout.contains("<span> 诉求</span>"), "no petitions switch for anonymous visitors")
        #expect(anonymous.console.isEmpty, "\(anonymous.console)")
        let petition = try #require(box.petition)
        #expect(Self.bodyData(petition.stdout)["detail"] == "petition")
        #expect(petition.stdout.contains("2026-11-02 09:00"), "times as 2026-11-02 09:00")
        #expect(petition.stdout.contains("<span> 诉求</span>"), "a grid worker gets the petitions switch")
        #expect(petition.console.isEmpty, "\(petition.console)")
        #expect(try #require(box.shot).console.isEmpty)
        // Kept for the README: docs/map-page-phone.png is this screenshot.
        let kept = FileManager.default.currentDirectoryPath + "/.build/map-page-phone.png"
        try? FileManager.default.removeItem(atPath: kept)
        try? FileManager.default.copyItem(atPath: dir.file("map-page-phone.png"), toPath: kept)
        #expect(FileManager.default.fileExists(atPath: dir.file("map-page-phone.png")))
    }
}
