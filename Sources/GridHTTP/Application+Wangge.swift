import GridService
import Hummingbird
import Logging

/// The routes, assembled: what `wangge serve` runs and what tests drive in-process.
public func buildRouter(locator: Locator, logger: Logger = Logger(label: "wangge.http")) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: AccessLogMiddleware(logger: logger))
    router.add(middleware: ProblemMiddleware(logger: logger))
    router.addRoutes(LocateController<BasicRequestContext>(locator: locator).endpoints, atPath: "/locate")
    return router
}

/// The HTTP application on `host:port`; `runService()` serves until SIGINT or SIGTERM and
/// then finishes the requests in flight.
public func buildApplication(locator: Locator, host: String, port: Int,
                             logger: Logger = Logger(label: "wangge.http")) -> some ApplicationProtocol {
    Application(router: buildRouter(locator: locator, logger: logger),
                configuration: .init(address: .hostname(host, port: port), serverName: "wangge"),
                logger: logger)
}

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight and returns.
public func serve(locator: Locator, host: String, port: Int, logger: Logger = Logger(label: "wangge.http")) async throws {
    try await buildApplication(locator: locator, host: host, port: port, logger: logger).runService()
}
