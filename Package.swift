// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "wangge",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "wangge", targets: ["wangge"]),
        .executable(name: "wangge-demo", targets: ["wangge-demo"]),
        .executable(name: "wangge-bench", targets: ["wangge-bench"]),
        // For the fuzzing harness in fuzz/, a package of its own (built with -sanitize=fuzzer).
        .library(name: "GridService", targets: ["GridService", "GridModel", "GridGeo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // No default traits: neither swift-configuration nor the full-Foundation extras are used.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Named for the loopback tests, which run the app in a ServiceGroup (Hummingbird uses both).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // NIOHTTPTypes: the request/response parts the connection guard sees (Hummingbird uses it too).
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        // SHA-256 and HMAC outside the pure core: token hashes, attachment ids, callers' phone keys, webhook signatures.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // People's sign-in: bcrypt hashes, session middleware and authenticator, TOTP (the framework's own library).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        // The scale-out store: PostgreSQL's wire protocol on SwiftNIO (Vapor's driver, no ORM).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // TLS to the database (`sslmode=` in a postgresql:// URL): postgres-nio's own TLS library.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // C boundary: thin system-library modules with shims for what Swift cannot import.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CSpatiaLite",
                       providers: [.apt(["libspatialite-dev", "libsqlite3-mod-spatialite"])]),

        // Pure core: no I/O.
        .target(name: "GridGeo", swiftSettings: strict),
        .target(name: "GridModel", dependencies: ["GridGeo"], swiftSettings: strict),

        // Use cases, and the protocols of the persistence they need (no store: the executable
        // assembles the services over one).
        .target(name: "GridService",
                dependencies: ["GridModel", "GridGeo",
                               .product(name: "Crypto", package: "swift-crypto"),
                               // Password hashes only (C bcrypt and a small Swift wrapper; no HTTP).
                               .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                               .product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),

        // The embedded store, one implementation of GridService's protocols: the one place that speaks SQLite.
        .target(name: "GridStore",
                dependencies: ["CSQLite", "CSpatiaLite", "GridService", "GridGeo", "GridModel"],
                swiftSettings: strict),

        // The store for many servers over one database: PostgreSQL + PostGIS, the same protocols.
        .target(name: "GridPostgres",
                dependencies: ["GridService", "GridModel", "GridGeo",
                               .product(name: "PostgresNIO", package: "postgres-nio"),
                               .product(name: "NIOSSL", package: "swift-nio-ssl"),
                               .product(name: "NIOPosix", package: "swift-nio"),
                               .product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),

        // HTTP: routes that translate requests to service calls and back; nothing else.
        .target(name: "GridHTTP",
                dependencies: ["GridService", "GridModel", "GridGeo",
                               .product(name: "Hummingbird", package: "hummingbird"),
                               .product(name: "HummingbirdCore", package: "hummingbird"),
                               .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                               .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                               .product(name: "HTTPTypes", package: "swift-http-types"),
                               .product(name: "Logging", package: "swift-log"),
                               .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                               .product(name: "NIOPosix", package: "swift-nio"),
                               .product(name: "NIOHTTP1", package: "swift-nio"),
                               .product(name: "NIOHTTPTypes", package: "swift-nio-extras")],
                // The pages (map, desk) as real files, compiled into the binary: nothing to install beside it.
                resources: [.embedInCode("Pages/map.html"), .embedInCode("Pages/map.js"), .embedInCode("Pages/map.css"), .embedInCode("Pages/map.tiles.js"),
                            .embedInCode("Pages/desk.html"), .embedInCode("Pages/desk.js"), .embedInCode("Pages/desk.css"),
                            .embedInCode("Pages/login.html"), .embedInCode("Pages/login.js")],
                swiftSettings: strict),

        // Deterministic synthetic data (demo district, benchmark maps); pure.
        .target(name: "GridDemo", dependencies: ["GridGeo", "GridModel"], swiftSettings: strict),

        .executableTarget(name: "wangge",
                          dependencies: ["GridHTTP", "GridService", "GridStore", "GridPostgres", "GridGeo",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                         .product(name: "Logging", package: "swift-log")],
                          swiftSettings: strict),
        .executableTarget(name: "wangge-demo",
                          dependencies: ["GridDemo", "GridGeo",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          swiftSettings: strict),
        .executableTarget(name: "wangge-bench",
                          dependencies: ["GridService", "GridStore", "GridDemo", "GridGeo",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          swiftSettings: strict),

        .target(name: "GridTestSupport", dependencies: ["GridGeo", "GridModel"], path: "Tests/GridTestSupport",
                swiftSettings: strict),
        .testTarget(name: "GridGeoTests", dependencies: ["GridGeo"], swiftSettings: strict),
        .testTarget(name: "GridDemoTests", dependencies: ["GridDemo", "GridModel", "GridGeo"], swiftSettings: strict),
        .testTarget(name: "GridModelTests", dependencies: ["GridModel", "GridGeo"], swiftSettings: strict),
        .testTarget(name: "GridStoreTests", dependencies: ["GridStore", "GridService", "GridModel", "GridGeo", "GridTestSupport"],
                    swiftSettings: strict),
        // The store contract: the same behaviour from the SQLite file and from PostgreSQL.
        .testTarget(name: "GridPostgresTests",
                    dependencies: ["GridPostgres", "GridStore", "GridService", "GridModel", "GridGeo", "GridDemo", "GridTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "GridServiceTests",
                    dependencies: ["GridService", "GridStore", "GridDemo", "GridModel", "GridGeo", "GridTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "GridHTTPTests",
                    dependencies: ["GridHTTP", "GridService", "GridStore", "GridGeo", "GridTestSupport",
                                   .product(name: "Hummingbird", package: "hummingbird"),
                                   .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                                   .product(name: "NIOCore", package: "swift-nio")],
                    exclude: ["Scripts"], swiftSettings: strict),
        // Runs the built `wangge` executable as a user would: exit codes, stdout, stderr.
        .testTarget(name: "WanggeCLITests", dependencies: ["wangge", "GridGeo", "GridTestSupport"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
