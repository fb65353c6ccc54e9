import GridService
import GridStore
import Hummingbird
import Logging

/// The routes, assembled: what `wangge serve` runs and what tests drive in-process.
public func buildRouter(store: GridStore, locator: Locator, logger: Logger = Logger(label: "wangge.http")) -> Router<BasicRequestContext> {
    buildRouter(store: store, locator: locator, desk: nil, logger: logger)
}

/// The routes with the petition desk given (the server shares it with its deadline watch).
func buildRouter(store: GridStore, locator: Locator, desk given: PetitionDesk?, logger: Logger) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: AccessLogMiddleware(logger: logger))
    router.add(middleware: ProblemMiddleware(logger: logger))
    router.add(middleware: BodyLimitMiddleware(maxBytes: BodyLimitMiddleware<BasicRequestContext>.defaultMaxBytes))
    // Both follow the store: an import while serving shows in the answers within a second.
    let locators = StoreSnapshot(store: store, initial: locator) { try Locator(store: $0) }
    // Petitions change with every desk event too, not only with imports.
    let ledgers = StoreSnapshot(store: store, stamp: { try $0.petitionChangeStamp() }) { try PetitionLedger(store: $0) }
    // Read the petitions while the server starts, not on the first heat-map request.
    Task.detached(priority: .utility) { _ = try? ledgers.current() }
    router.addRoutes(LocateController<BasicRequestContext>(locators: locators).endpoints, atPath: "/locate")
    router.addRoutes(HeatmapController<BasicRequestContext>(ledgers: ledgers).endpoints, atPath: "/heatmap")
    let resolvers = StoreSnapshot(store: store) { try AddressResolver(store: $0) }
    // Build the address index while the server starts, not on the first request.
    Task.detached(priority: .utility) { _ = try? resolvers.current() }
    router.addRoutes(ResolveController<BasicRequestContext>(resolvers: resolvers).endpoints, atPath: "/resolve")
    FeaturesController<BasicRequestContext>(store: store).addRoutes(to: router)
    PetitionsController<BasicRequestContext>(desk: given ?? PetitionDesk(store: store, locators: locators)).addRoutes(to: router)
    return router
}

/// The HTTP application on `host:port`; `runService()` serves until SIGINT or SIGTERM and
/// then finishes the requests in flight.
/// - Parameter deadlineWatch: how often missed deadlines are looked for.
public func buildApplication(store: GridStore, locator: Locator, host: String, port: Int, deadlineWatch: Duration = .seconds(60),
                             logger: Logger = Logger(label: "wangge.http")) -> some ApplicationProtocol {
    let desk = PetitionDesk(store: store)
    return Application(router: buildRouter(store: store, locator: locator, desk: desk, logger: logger),
                       configuration: .init(address: .hostname(host, port: port), serverName: "wangge"),
                       services: [DeadlineWatch(desk: desk, interval: deadlineWatch, logger: logger)],
                       logger: logger)
}

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight and returns.
public func serve(store: GridStore, locator: Locator, host: String, port: Int,
                  logger: Logger = Logger(label: "wangge.http")) async throws {
    try await buildApplication(store: store, locator: locator, host: host, port: port, logger: logger).runService()
}
