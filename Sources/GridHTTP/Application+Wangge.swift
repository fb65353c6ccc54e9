import GridService
import GridStore
import Hummingbird
import Logging

/// The routes, assembled: what `wangge serve` runs and what tests drive in-process.
public func buildRouter(store: GridStore, locator: Locator, logger: Logger = Logger(label: "wangge.http")) -> Router<WanggeRequestContext> {
    buildRouter(ServedState(store: store, locator: locator), logger: logger)
}

/// What the routes read: in-memory snapshots that follow the store (an import while serving
/// shows in the answers within a second) and the desk, built on them so that nothing big is
/// held twice. The server shares the desk with its deadline watch.
struct ServedState: Sendable {
    let store: GridStore
    let locators: StoreSnapshot<Locator>
    let ledgers: StoreSnapshot<PetitionLedger>
    let resolvers: StoreSnapshot<AddressResolver>
    let desk: PetitionDesk
    let tokens: AccessTokens
    let residents: ResidentRegister

    init(store: GridStore, locator: Locator) {
        self.store = store
        locators = StoreSnapshot(store: store, initial: locator) { try Locator(store: $0) }
        // Petitions change with every desk event too, not only with imports; a city's ledger
        // takes seconds to build, so heat maps answer from the last one while the next is built.
        ledgers = StoreSnapshot(store: store, stamp: { try $0.petitionChangeStamp() }, refreshInBackground: true) {
            try PetitionLedger(store: $0)
        }
        resolvers = StoreSnapshot(store: store) { try AddressResolver(store: $0) }
        desk = PetitionDesk(store: store, locators: locators, resolvers: resolvers)
        tokens = AccessTokens(store: store)
        residents = ResidentRegister(store: store)
        // Read the petitions and the addresses while the server starts, not on the first request.
        let (ledgers, resolvers) = (ledgers, resolvers)
        Task.detached(priority: .utility) {
            _ = try? ledgers.current()
            _ = try? resolvers.current()
        }
    }
}

func buildRouter(_ state: ServedState, logger: Logger) -> Router<WanggeRequestContext> {
    let router = Router(context: WanggeRequestContext.self)
    router.add(middleware: AccessLogMiddleware(logger: logger))
    router.add(middleware: ProblemMiddleware(logger: logger))
    router.add(middleware: BodyLimitMiddleware(maxBytes: BodyLimitMiddleware<WanggeRequestContext>.defaultMaxBytes))
    router.add(middleware: AuthenticationMiddleware(tokens: state.tokens))
    router.addRoutes(LocateController(locators: state.locators).endpoints, atPath: "/locate")
    router.addRoutes(HeatmapController(ledgers: state.ledgers, desk: state.desk).endpoints, atPath: "/heatmap")
    router.addRoutes(ResolveController(resolvers: state.resolvers).endpoints, atPath: "/resolve")
    FeaturesController(store: state.store, desk: state.desk).addRoutes(to: router)
    PetitionsController(desk: state.desk).addRoutes(to: router)
    ResidentsController(register: state.residents).addRoutes(to: router)
    return router
}

/// The HTTP application on `host:port`; `runService()` serves until SIGINT or SIGTERM and
/// then finishes the requests in flight.
/// - Parameter deadlineWatch: how often missed deadlines are looked for.
public func buildApplication(store: GridStore, locator: Locator, host: String, port: Int, deadlineWatch: Duration = .seconds(60),
                             logger: Logger = Logger(label: "wangge.http")) -> some ApplicationProtocol {
    let state = ServedState(store: store, locator: locator)
    return Application(router: buildRouter(state, logger: logger),
                       configuration: .init(address: .hostname(host, port: port), serverName: "wangge"),
                       services: [DeadlineWatch(desk: state.desk, interval: deadlineWatch, logger: logger)],
                       logger: logger)
}

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight and returns.
public func serve(store: GridStore, locator: Locator, host: String, port: Int,
                  logger: Logger = Logger(label: "wangge.http")) async throws {
    try await buildApplication(store: store, locator: locator, host: host, port: port, logger: logger).runService()
}
