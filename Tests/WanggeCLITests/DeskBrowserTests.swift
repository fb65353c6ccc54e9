import Foundation
import GridTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The desk end to end in real browsers: `Tests/e2e/desk_e2e.py` (Selenium driving Debian's
/// chromium through chromium-driver) against a real `wangge serve` on the demo district without
/// its petitions. The script says step by step what it checks; a failing step fails this test
/// with the script's account, a screenshot and the page's text.
@Suite struct DeskBrowserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func peopleWorkACaseRoundTheLoopInTheirBrowsers() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"),
              (try? runProcess("/usr/bin/env", ["python3", "-c", "import selenium"]))?.status == 0 else {
            Issue.record("chromium-driver or Selenium is missing: scripts/setup.sh --tests installs them")
            return
        }
        let dir = TemporaryDirectory()
        let geodata = Self.root.appendingPathComponent("geodata").path
        try FileManager.default.createDirectory(atPath: dir.file("demo"), withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: geodata) where name != "petitions.geojsonl" {
            try FileManager.default.copyItem(atPath: geodata + "/" + name, toPath: dir.file("demo/" + name))
        }
        let imported = try WanggeCLITests().run(["import", "--db", "e.db", "all", "demo"], in: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        let port = try HostileServer.freePort()
        let server = Process()
        server.executableURL = WanggeCLITests.executable
        server.arguments = ["serve", "--db", "e.db", "--host", "127.0.0.1", "--port", "\(port)"]
        server.currentDirectoryURL = URL(fileURLWithPath: dir.path)
        server.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        _ = FileManager.default.createFile(atPath: dir.file("server.log"), contents: nil)
        server.standardError = FileHandle(forWritingAtPath: dir.file("server.log"))
        try server.run()
        defer { stopHelper(server) }
        let started = ContinuousClock.now
        while (try? RawHTTP.exchange(port: port, "GET /conformance HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))?.status != 200 {
            guard server.isRunning, ContinuousClock.now - started < .seconds(120) else {
                Issue.record("the server did not start: \((try? String(contentsOfFile: dir.file("server.log"), encoding: .utf8)) ?? "")")
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        // WANGGE_SCREENSHOTS=docs keeps the screens for the README.
        let shots = ProcessInfo.processInfo.environment["WANGGE_SCREENSHOTS"] ?? dir.file("shots")
        let script = Self.root.appendingPathComponent("Tests/e2e/desk_e2e.py").path
        let (base, db, wangge) = ("http://127.0.0.1:\(port)", dir.file("e.db"), WanggeCLITests.executable.path)
        let result = try await offThePool {
            try runProcess("/usr/bin/env", ["python3", script, "--base", base, "--db", db, "--wangge", wangge, "--out", shots])
        }
        #expect(result.status == 0, "\(result.output)\n--- server log:\n\((try? String(contentsOfFile: dir.file("server.log"), encoding: .utf8))?.suffix(3000) ?? "")")
        #expect(result.output.contains("all steps held"))
    }
}
