import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GridGeo
import GridHTTP
import GridModel
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
    /// A token for every role on the shared store.
    static let tokens = try! createTokens(on: store)

    /// One token per role: the unit token for U-D (the district water bureau), the grid
    /// worker's for grid cell G1.
    static func createTokens(on store: GridStore) throws -> [Role: String] {
        let access = AccessTokens(store: store)
        var out: [Role: String] = [:]
        for role in Role.allCases {
            out[role] = try access.create(role: role, area: role.needsArea ? "G1" : nil, unit: role.needsUnit ? "U-D" : nil,
                                          label: "test \(role.rawValue)", by: "test", at: Timestamp(seconds: 1_790_000_000)).secret
        }
        return out
    }

    struct Answer: Sendable {
        var status: Int
        var contentType: String?
        var location: String? = nil
        var contentCRS: String?
        var wwwAuthenticate: String? = nil
        var serverTiming: String?
        var text: String
        /// Every header, by its name in lower case.
        var headers: [String: String] = [:]
        var json: JSONValue { (try? JSONParser.parse(text)) ?? .null }
    }

    /// Runs `test` with a function that sends requests to a freshly started server.
    /// Requests are anonymous (the public API) unless a role is given.
    static func run(as role: Role? = nil,
                    _ test: @Sendable (_ request: @Sendable (String, String) async throws -> Answer) async throws -> Void) async throws {
        let token = role.flatMap { tokens[$0] }
        try await serve { port in try await test { method, path in try await send(port, method, path, nil, token: token) } }
    }

    /// As `run`, with a request body where one is given, as the role given (a dispatcher unless
    /// told otherwise; nil is anonymous).
    /// - Parameter store: a store of the test's own (tests that write must not share one).
    static func runWithBodies(store: GridStore? = nil, as role: Role? = .dispatcher,
                              _ test: @Sendable (_ request: @Sendable (String, String, Data?) async throws -> Answer) async throws -> Void) async throws {
        let token = try role.flatMap { try (store.map(createTokens(on:)) ?? Self.tokens)[$0] }
        try await serve(store: store) { port in try await test { method, path, body in try await send(port, method, path, body, token: token) } }
    }

    /// As `runWithBodies`, each request as the role it names (nil: anonymous).
    /// - Parameter tokens: the store's tokens when the test made them (else made here).
    static func runAsRoles(store: GridStore? = nil, tokens given: [Role: String]? = nil,
                           _ test: @Sendable (_ request: @Sendable (Role?, String, String, Data?) async throws -> Answer) async throws -> Void) async throws {
        let tokens = try given ?? store.map(createTokens(on:)) ?? Self.tokens
        try await serve(store: store) { port in
            try await test { role, method, path, body in try await send(port, method, path, body, token: role.flatMap { tokens[$0] }) }
        }
    }

    /// No cookie jar: a test sends the desk session it means (parallel tests on other ports
    /// would otherwise share cookies, which ignore ports).
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        return URLSession(configuration: configuration)
    }()

    static func send(_ port: Int, _ method: String, _ path: String, _ body: Data?, token: String? = nil,
                     headers: [String: String] = [:]) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        // Cookies are the test's to send (a desk session), never kept between tests.
        request.httpShouldHandleCookies = false
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        request.httpBody = body
        if body != nil, request.value(forHTTPHeaderField: "Content-Type") == nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        // Requests may queue behind each other (a thousand posts at once, other suites busy on
        // two cores); slow is not wrong here, only a lost or failed answer is.
        request.timeoutInterval = 300
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        return Answer(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type"),
                      location: http.value(forHTTPHeaderField: "Location"),
                      contentCRS: http.value(forHTTPHeaderField: "Content-Crs"),
                      wwwAuthenticate: http.value(forHTTPHeaderField: "WWW-Authenticate"),
                      serverTiming: http.value(forHTTPHeaderField: "Server-Timing"),
                      text: String(decoding: data, as: UTF8.self),
                      headers: Dictionary(http.allHeaderFields.compactMap { k, v in (k as? String).map { ($0.lowercased(), "\(v)") } }, uniquingKeysWith: { a, _ in a }))
    }

    /// Starts the server on a free loopback port, runs `body` with the port, then stops it.
    /// - Parameter logger: where the server logs (default: warnings only, to the console).
    static func serve(store own: GridStore? = nil, logger given: Logger? = nil, options: ServerOptions = ServerOptions(),
                      _ body: @Sendable (Int) async throws -> Void) async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "wangge.test")
        logger.logLevel = .warning
        if let given { logger = given }
        let (router, services) = try own.map { buildServer(store: $0, locator: try Locator(store: $0), options: options, deadlineWatch: nil, logger: logger) }
            ?? buildServer(store: store, locator: locator, options: options, deadlineWatch: nil, logger: logger)
        let app = Application(router: router, server: httpServer(options: options),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)), services: services,
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

    /// One GET against a fresh server, as `role` (nil: anonymous).
    static func get(_ path: String, as role: Role? = nil, accept: String? = nil) async throws -> Answer {
        let box = AnswerBox()
        let token = role.flatMap { tokens[$0] }
        try await serve { port in
            box.answer = try await send(port, "GET", path, nil, token: token, headers: accept.map { ["Accept": $0] } ?? [:])
        }
        return box.answer!
    }

    final class AnswerBox: @unchecked Sendable { var answer: Answer? }
}
