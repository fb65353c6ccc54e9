// swift-tools-version:6.1
// The ceiling of the HTTP stack on a given machine: Hummingbird answering "hello" with nothing
// else (no middleware, no JSON, no context of ours). See BENCHMARKS.md, "/locate under load".
import PackageDescription

let package = Package(
    name: "hummingbird-hello",
    platforms: [.macOS(.v14)],
    dependencies: [.package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: [])],
    targets: [.executableTarget(name: "hello", dependencies: [.product(name: "Hummingbird", package: "hummingbird")])]
)
