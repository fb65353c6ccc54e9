import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GridGeo
import GridHTTP
import GridService
import GridStore
import GridTestSupport
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The real HTTP server on 127.0.0.1 (port chosen by the system), driven by a real client
/// (URLSession): what GDAL, QGIS and browsers see, with nothing mocked.
enum LoopbackServer {
    /// The small district in a real store file, and a locator over it.
    static let directory = TemporaryDirectory()
    static let store: GridStore = {
        SmallDistrict.writeFiles(into: directory)
        let store = try! GridStore(path: directory.file("w.db"))
        try! Importer(store: store).importFolder(directory.path) { _ in }
        return store
    }()
    static let locator = try! Locator(store: store)

    struct Answer: Sendable {
        var status: Int
        var contentType: String?
        var location: String? = nil
        var contentCRS: String?
        var serverTiming: String?
        var text: String
        var json: JSONValue { (try? JSONParser.parse(text)) ?? .null }
    }

    /// Runs `test` with a function that sends requests to a freshly started server.
    static func run(_ test: @Sendable (_ request: @Sendable (String, String) async throws -> Answer) async throws -> Void) async throws {
        try await serve { port in try await test { method, path in try await send(port, method, path, nil) } }
    }

    /// As `run`, with a request body where one is given.
    /// - Parameter store: a store of the test's own (tests that write must not share one).
    static func runWithBodies(store: GridStore? = nil,
                              _ test: @Sendable (_ request: @Sendable (String, String, Data?) async throws -> Answer) async throws -> Void) async throws {
        try await serve(store: store) { port in try await test { method, path, body in try await send(port, method, path, body) } }
    }

    static let session = URLSession(configuration: .ephemeral)

    static func send(_ port: Int, _ method: String, _ path: String, _ body: Data?) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.httpBody = body
        // Requests may queue behind each other (a thousand posts at once, other suites busy on
        // two cores); slow is not wrong here, only a lost or failed answer is.
        request.timeoutInterval = 300
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        return Answer(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type"),
                      location: http.value(forHTTPHeaderField: "Location"),
                      contentCRS: http.value(forHTTPHeaderField: "Content-Crs"),
                      serverTiming: http.value(forHTTPHeaderField: "Server-Timing"),
                      text: String(decoding: data, as: UTF8.self))
    }

    /// Starts the server on a free loopback port, runs `body` with the port, then stops it.
    static func serve(store own: GridStore? = nil, _ body: @Sendable (Int) async throws -> Void) async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "wangge.test")
        logger.logLevel = .warning
        let router = try own.map { buildRouter(store: $0, locator: try Locator(store: $0), logger: logger) }
            ?? buildRouter(store: store, locator: locator, logger: logger)
        let app = Application(router: router,
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
                              logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            do {
                try await body(port)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// One GET against a fresh server.
    static func get(_ path: String) async throws -> Answer {
        let box = AnswerBox()
        try await run { request in box.answer = try await request("GET", path) }
        return box.answer!
    }

    final class AnswerBox: @unchecked Sendable { var answer: Answer? }
}
