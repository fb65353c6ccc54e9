import ArgumentParser
import Foundation
import GridGeo
import GridHTTP
import GridModel
import GridPostgres
import GridService
import GridStore
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (OGC API Features, /locate, /heatmap, /openapi.json) until SIGINT or SIGTERM.",
        discussion: "With no database at --db yet, builds one from the demo files in --demo (geodata/) first and says so.")

    @OptionGroup var store: StoreOptions

    @Option(name: .customLong("read-db"),
            help: "A streaming replica's postgresql:// URL: reads that tolerate a second's lag (layers, heat maps, statistics) go there.")
    var readDB: String?
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (default: $WANGGE_PORT, else 8080).")
    var port = ProcessInfo.processInfo.environment["WANGGE_PORT"].flatMap { Int($0) } ?? 8080
    @Option(help: "Folder with the demo layer files, used when the database does not exist yet.") var demo = "geodata"
    @Option(help: "Leaflet's folder for the map page (Debian's libjs-leaflet).") var leaflet = "/usr/share/javascript/leaflet"
    @Option(help: "An XYZ tile URL template for the map page's basemap, e.g. https://webrd0{s}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}; none by default.")
    var basemap: String?
    @Option(help: "The basemap tiles' coordinate system: wgs84, gcj02 (AMap, Tencent) or bd09 (Baidu).") var basemapCrs = "wgs84"
    @Option(help: "The basemap's attribution text.") var basemapAttribution: String?
    @Option(help: "The URL clients reach the service at, for absolute links (e.g. https://grid.example.gov.cn); default: the address a connection came in on.")
    var publicUrl: String?
    @Option(help: "The address of a reverse proxy whose X-Forwarded-For/-Proto/-Host headers are believed (repeat for several).")
    var trustedProxy: [String] = []
    @Option(help: "Most connections served at once.") var maxConnections = 2048
    @Option(help: "A web origin (https://map.example.gov.cn) whose pages may send a token to this server (repeat for several); any origin may read public answers.")
    var corsOrigin: [String] = []
    @Option(help: "The largest file (in MiB) a petition may carry as an attachment.") var maxAttachmentMb = 20
    @Option(help: "Keep attachments' bytes in this folder (one every server mounts) instead of the default: beside a SQLite file, in the database for PostgreSQL.")
    var attachmentsDir: String?
    @Option(help: "Seconds a client has to send a whole request head (and an idle keep-alive connection is kept).")
    var headerTimeout = 20.0
    @Flag(help: "Admins and dispatchers (who see personal data) must sign in to the desk with a TOTP code (wangge user totp NAME enrols one).")
    var requireTotp = false
    @Option(help: "Minutes without a request after which a desk session ends.") var sessionIdleMinutes = 30

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1–65535, found \(port)") }
        guard (1...720).contains(sessionIdleMinutes) else { throw ValidationError("--session-idle-minutes must be 1–720, found \(sessionIdleMinutes)") }
        if let publicUrl, !ServerOptions.isValidPublicURL(publicUrl) {
            throw ValidationError("--public-url must be an http:// or https:// URL with a host and no query, found '\(publicUrl)'")
        }
        for origin in corsOrigin where !ServerOptions.isValidPublicURL(origin) || origin.dropFirst(8).contains("/") {
            throw ValidationError("--cors-origin must be an origin such as https://map.example.gov.cn (scheme, host and port, no path), found '\(origin)'")
        }
        if let readDB {
            guard store.isPostgres, PostgresURL.isPostgres(readDB) else {
                throw ValidationError("--read-db takes a replica's postgresql:// URL, with a PostgreSQL --db; found '\(readDB)'")
            }
        }
        if let attachmentsDir {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: attachmentsDir, isDirectory: &isFolder), isFolder.boolValue,
                  FileManager.default.isWritableFile(atPath: attachmentsDir) else {
                throw ValidationError("--attachments-dir must be a folder this process can write, found '\(attachmentsDir)'")
            }
        }
        guard (1...1024).contains(maxAttachmentMb) else { throw ValidationError("--max-attachment-mb must be 1–1024, found \(maxAttachmentMb)") }
        guard headerTimeout >= 0.1, headerTimeout <= 3600 else { throw ValidationError("--header-timeout must be 0.1–3600 seconds, found \(headerTimeout)") }
        guard (1...1_000_000).contains(maxConnections) else { throw ValidationError("--max-connections must be 1–1000000, found \(maxConnections)") }
        guard CoordinateSystem(name: basemapCrs) != nil else { throw ValidationError("--basemap-crs must be wgs84, gcj02 or bd09, found '\(basemapCrs)'") }
    }

    func run() async throws {
        Wangge.bootstrapLogging(buffered: true)
        let logger = Logger(label: "wangge.serve")
        let hasDemo = Importer.layerFiles(in: demo).contains(where: { $0.0 == .areas })
        // A missing file and no demo: refused before a file is made.
        if !store.exists, !hasDemo {
            throw ValidationError("no database at \(store.db), and \(demo)/ holds no demo (areas.geojson): give --demo FOLDER, or create the database with `wangge import --db \(store.db) all FOLDER`")
        }
        let fileExisted = store.exists
        var gridStore: (any WanggeStore)? = try store.open(create: true)
        // A new file, or a PostgreSQL database nothing was imported into yet.
        let created = try !fileExisted || (store.isPostgres && gridStore!.changeStamp() == 0)
        if created, !hasDemo {
            throw ValidationError("no database at \(store.db), and \(demo)/ holds no demo (areas.geojson): give --demo FOLDER, or create the database with `wangge import --db \(store.db) all FOLDER`")
        }
        if created {
            logger.info("no database at \(store.db): creating it from the demo in \(demo)/")
            do {
                try Importer(store: gridStore!).importFolder(demo) { logger.info("\($0.description)") }
                LogSink.standardError.flush()
                try TokenCommand.Demo.createAndPrint(gridStore!)
                try UserCommand.Demo.createAndPrint(gridStore!)
                printError("demo desk users, one per role (name, password, role, scope): sign in at /desk")
            } catch {
                // A set-up that failed leaves nothing: the next start tries again instead of serving an empty database.
                gridStore = nil
                if !store.isPostgres { for suffix in ["", "-wal", "-shm", ".locator"] { try? FileManager.default.removeItem(atPath: store.db + suffix) } }
                LogSink.standardError.flush()
                exitWith(error)
            }
        }
        guard let gridStore else { return }
        if let empty = try QualityCheck.emptiness(of: gridStore) { logger.warning("\(empty.message)") }
        let locator = try Locator.open(store: gridStore) { logger.warning("\($0)") }
        logger.info("serving \(gridStore.path) on http://\(host):\(port)")
        defer { LogSink.standardError.flush() }
        let mapPage = MapPageOptions(leafletDirectory: leaflet, basemapURL: basemap, basemapCRS: CoordinateSystem(name: basemapCrs) ?? .wgs84,
                                     basemapAttribution: basemapAttribution)
        logger.info("map page at http://\(host):\(port)/ (Leaflet from \(leaflet)); the desk at http://\(host):\(port)/desk")
        var options = ServerOptions(publicURL: publicUrl, trustedProxies: Set(trustedProxy),
                                    headerTimeout: .milliseconds(Int64(headerTimeout * 1000)), maxConnections: maxConnections,
                                    corsOrigins: Set(corsOrigin), maxAttachmentBytes: maxAttachmentMb << 20)
        options.attachmentsFolder = attachmentsDir
        options.signIn.requireSecondFactor = requireTotp
        options.signIn.idleSeconds = Int64(sessionIdleMinutes) * 60
        let replica: (any WanggeStore)?
        do { replica = try readDB.map { try PostgresStore(url: $0, readOnly: true) } } catch { throw CLIError("\(error)", code: 2) }
        if let replica { logger.info("reads that tolerate a second's lag from \(replica.path)") }
        try await serve(store: gridStore, readStore: replica, locator: locator, host: host, port: port, options: options, mapPage: mapPage)
        logger.info("stopped")
    }
}
