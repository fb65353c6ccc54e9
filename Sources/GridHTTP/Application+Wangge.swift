import GridGeo
import GridModel
import GridService
import Hummingbird
import HummingbirdAuth
import HummingbirdCore
import Logging
import ServiceLifecycle

/// The routes, assembled: what `wangge serve` runs and what tests drive in-process.
public func buildRouter(store: any WanggeStore, locator: Locator, options: ServerOptions = ServerOptions(),
                        logger: Logger = Logger(label: "wangge.http")) -> Router<WanggeRequestContext> {
    buildServer(store: store, locator: locator, options: options, deadlineWatch: nil, logger: logger).router
}

/// The routes and the background services that go with them: the notice pump that feeds the
/// notification streams, and (unless `deadlineWatch` is nil) the deadline watch.
/// - Parameter readStore: where reads that tolerate a second's lag go (layers, heat-map
///   ledgers, statistics): a streaming replica; nil: the store itself.
public func buildServer(store: any WanggeStore, readStore: (any WanggeStore)? = nil, locator: Locator, options: ServerOptions = ServerOptions(),
                        deadlineWatch: Duration?, mapPage: MapPageOptions = MapPageOptions(),
                        logger: Logger = Logger(label: "wangge.http")) -> (router: Router<WanggeRequestContext>, services: [any Service]) {
    let state = ServedState(store: store, readStore: readStore ?? store, locator: locator, options: options, mapPage: mapPage)
    var services: [any Service] = [NoticePump(hub: state.notices, logger: logger)]
    if let deadlineWatch {
        services.append(DeadlineWatch(desk: state.desk, interval: deadlineWatch, logger: logger))
        services.append(HookWatch(sender: HookSender(store: store), logger: logger))
        services.append(NightlyScan(warnings: state.warnings, desk: state.desk, logger: logger))
    }
    return (buildRouter(state, logger: logger), services)
}

/// HTTP/1.1 with Wangge's connection limits (`ConnectionGuard`): what `wangge serve` and the
/// loopback tests both run.
public func httpServer(options: ServerOptions = ServerOptions()) -> HTTPServerBuilder {
    let census = ConnectionGuard.Census()
    return .http1(configuration: .init(additionalChannelHandlers: [ConnectionGuard(options: options, census: census)]))
}

/// How the map page is served: where Leaflet is installed and an optional basemap.
public struct MapPageOptions: Sendable {
    /// Leaflet's folder (Debian's `libjs-leaflet` installs it here).
    public var leafletDirectory: String
    /// An XYZ tile URL template, e.g. AMap's; nil: no basemap, the outlines are the map.
    public var basemapURL: String?
    /// The tiles' coordinate system (AMap, Tencent: gcj02; Baidu: bd09).
    public var basemapCRS: CoordinateSystem
    public var basemapAttribution: String?

    public init(leafletDirectory: String = "/usr/share/javascript/leaflet", basemapURL: String? = nil,
                basemapCRS: CoordinateSystem = .wgs84, basemapAttribution: String? = nil) {
        self.leafletDirectory = leafletDirectory
        self.basemapURL = basemapURL
        self.basemapCRS = basemapCRS
        self.basemapAttribution = basemapAttribution
    }
}

/// What the routes read: in-memory snapshots that follow the store (an import while serving
/// shows in the answers within a second) and the desk, built on them so that nothing big is
/// held twice. The server shares the desk with its deadline watch.
struct ServedState: Sendable {
    let store: any WanggeStore
    /// Reads that tolerate a second's lag: a replica, or the store.
    let readStore: any WanggeStore
    let locators: StoreSnapshot<Locator>
    let ledgers: StoreSnapshot<PetitionLedger>
    let resolvers: StoreSnapshot<AddressResolver>
    let desk: PetitionDesk
    let tokens: AccessTokens
    let accounts: UserAccounts
    let sessions: DeskSessions
    let residents: ResidentRegister
    let notices: NoticeHub
    let warnings: EarlyWarnings

    let mapPage: MapPage
    let options: ServerOptions

    init(store: any WanggeStore, readStore: any WanggeStore, locator: Locator, options: ServerOptions = ServerOptions(),
         mapPage mapOptions: MapPageOptions = MapPageOptions()) {
        self.store = store
        self.readStore = readStore
        self.options = options
        mapPage = MapPage(configuration: mapOptions)
        // After an import the new locator is mapped from the image the import wrote (or built)
        // while the old one answers: placement never pauses.
        locators = StoreSnapshot(store: store, initial: locator, refreshInBackground: true) { try Locator.open(store: $0) }
        // Petitions change with every desk event too, not only with imports; a city's ledger
        // takes seconds to build, so heat maps answer from the last one while the next is built.
        // Read again at most half the time, so that a city taking petitions every second does not
        // keep a core reading its ledger.
        ledgers = StoreSnapshot(store: readStore, following: .petitions, refreshInBackground: true, rebuildShare: 0.5) {
            try PetitionLedger(store: $0)
        }
        resolvers = StoreSnapshot(store: store) { try AddressResolver(store: $0) }
        desk = PetitionDesk(store: store, readStore: readStore, locators: locators, resolvers: resolvers,
                            blobs: options.attachmentsFolder.map { FolderBlobStore(root: $0) })
        tokens = AccessTokens(store: store)
        accounts = UserAccounts(store: store, policy: options.signIn)
        sessions = DeskSessions(store: store, policy: options.signIn)
        residents = ResidentRegister(store: store)
        notices = NoticeHub(store: store)
        warnings = EarlyWarnings(store: store)
        // Read the petitions and the addresses while the server starts, not on the first request.
        let (ledgers, resolvers) = (ledgers, resolvers)
        Task.detached(priority: .utility) {
            _ = try? ledgers.current()
            _ = try? resolvers.current()
        }
    }
}

func buildRouter(_ state: ServedState, logger: Logger) -> Router<WanggeRequestContext> {
    // HEAD on every GET route, as HTTP wants and the README promises.
    let router = Router(context: WanggeRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: AccessLogMiddleware(logger: logger))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ProblemMiddleware(logger: logger))
    router.add(middleware: CORSMiddleware(trustedOrigins: state.options.corsOrigins))
    router.add(middleware: ForwardingMiddleware(options: state.options))
    router.add(middleware: BodyLimitMiddleware(maxBytes: BodyLimitMiddleware<WanggeRequestContext>.defaultMaxBytes,
                                               attachmentMaxBytes: state.options.maxAttachmentBytes))
    // People at the desk: the session the cookie names (kept in the store), then the person it
    // names if still allowed; tokens are read after, and win.
    let desk = state.desk
    router.add(middleware: SessionMiddleware(
        storage: StoreSessionDriver(sessions: state.sessions, clock: { desk.now() }),
        configuration: SessionMiddlewareConfiguration(
            sessionCookieParameters: SessionCookieParameters(name: SessionController.cookieName, path: "/",
                                                             secure: state.options.secureCookies, sameSite: .strict),
            keyPrefix: "", defaultSessionExpiration: .seconds(state.options.signIn.maxSeconds))))
    let accounts = state.accounts
    router.add(middleware: SessionAuthenticator(context: WanggeRequestContext.self) { (session: DeskSession, _) in
        try await blocking { try accounts.activeAccount(name: session.user, generation: session.generation) }
    })
    router.add(middleware: AuthenticationMiddleware(tokens: state.tokens))
    router.addRoutes(LocateController(locators: state.locators).endpoints, atPath: "/locate")
    router.addRoutes(HeatmapController(ledgers: state.ledgers, desk: state.desk).endpoints, atPath: "/heatmap")
    router.addRoutes(ResolveController(resolvers: state.resolvers).endpoints, atPath: "/resolve")
    FeaturesController(layers: FeatureLayers(store: state.readStore), desk: state.desk, mapPage: state.mapPage).addRoutes(to: router)
    state.mapPage.addRoutes(to: router)
    CallerController(desk: state.desk).addRoutes(to: router)
    PetitionsController(desk: state.desk, maxAttachmentBytes: state.options.maxAttachmentBytes).addRoutes(to: router)
    ResidentsController(register: state.residents).addRoutes(to: router)
    NoticesController(desk: state.desk, hub: state.notices).addRoutes(to: router)
    SessionController(accounts: state.accounts, desk: state.desk).addRoutes(to: router)
    DeskPage().addRoutes(to: router)
    WarningsController(warnings: state.warnings, desk: state.desk).addRoutes(to: router)
    ReportsController(desk: state.desk, warnings: state.warnings, ledgers: state.ledgers).addRoutes(to: router)
    Open311Controller(geoReport: GeoReport(desk: state.desk), tokens: state.tokens, desk: state.desk).addRoutes(to: router)
    let tiles = FeatureTiles(layers: FeatureLayers(store: state.readStore), ledgers: state.ledgers)
    // The layers are read into memory behind the first requests, which the store serves.
    tiles.startInMemoryLayers()
    TilesController(tiles: tiles, desk: state.desk).addRoutes(to: router)
    return router
}

/// The HTTP application on `host:port`; `runService()` serves until SIGINT or SIGTERM and
/// then finishes the requests in flight.
/// - Parameter deadlineWatch: how often missed deadlines are looked for.
public func buildApplication(store: any WanggeStore, readStore: (any WanggeStore)? = nil, locator: Locator, host: String, port: Int,
                             deadlineWatch: Duration = .seconds(60), options: ServerOptions = ServerOptions(),
                             mapPage: MapPageOptions = MapPageOptions(),
                             logger: Logger = Logger(label: "wangge.http")) -> some ApplicationProtocol {
    let (router, services) = buildServer(store: store, readStore: readStore, locator: locator, options: options, deadlineWatch: deadlineWatch,
                                         mapPage: mapPage, logger: logger)
    return Application(router: router, server: httpServer(options: options),
                       configuration: .init(address: .hostname(host, port: port), serverName: "wangge"),
                       services: services, logger: logger)
}

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight and returns.
public func serve(store: any WanggeStore, readStore: (any WanggeStore)? = nil, locator: Locator, host: String, port: Int,
                  options: ServerOptions = ServerOptions(), mapPage: MapPageOptions = MapPageOptions(),
                  logger: Logger = Logger(label: "wangge.http")) async throws {
    try await buildApplication(store: store, readStore: readStore, locator: locator, host: host, port: port, options: options, mapPage: mapPage, logger: logger).runService()
}
