// swift-tools-version: 6.1
import PackageDescription

// libFuzzer harnesses for what Wangge reads from outside. A package of its own because it is
// built with `-sanitize=fuzzer -parse-as-library` (libFuzzer brings `main`); see scripts/fuzz.sh.
let package = Package(
    name: "wangge-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "wangge", path: "..")],
    targets: [
        .executableTarget(name: "wangge-fuzz", dependencies: [.product(name: "GridService", package: "wangge")],
                          swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
    ],
    swiftLanguageModes: [.v6]
)
