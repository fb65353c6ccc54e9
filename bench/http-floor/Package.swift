// swift-tools-version:6.1
// The floor under the HTTP API on a given machine: two servers answering GET /hello with
// "hello" and nothing else. `hummingbird-hello` is the framework Wangge runs on, with no
// middleware, JSON or context of ours; `nio-hello` is SwiftNIO alone, answering synchronously on
// its event loops. See BENCHMARKS.md, "/locate under load", and bench/locate-load.sh.
import PackageDescription

let package = Package(
    name: "http-floor",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
    ],
    targets: [
        .executableTarget(name: "hummingbird-hello", dependencies: [.product(name: "Hummingbird", package: "hummingbird")]),
        .executableTarget(name: "nio-hello", dependencies: [.product(name: "NIOCore", package: "swift-nio"),
                                                            .product(name: "NIOPosix", package: "swift-nio"),
                                                            .product(name: "NIOHTTP1", package: "swift-nio")]),
    ]
)
