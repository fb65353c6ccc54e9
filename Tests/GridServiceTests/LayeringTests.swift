import Foundation
import Testing

/// The layers import only what the architecture allows: the services own the store protocols
/// and never name a store; HTTP never imports a store; the pure core does no I/O.
@Suite struct LayeringTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// Our own modules each target may import (others — Foundation, Hummingbird … — are the
    /// package manifest's business).
    static let allowed: [String: Set<String>] = [
        "GridGeo": [],
        "GridModel": ["GridGeo"],
        "GridService": ["GridModel", "GridGeo"],
        "GridStore": ["GridService", "GridModel", "GridGeo", "CSQLite", "CSpatiaLite"],
        "GridHTTP": ["GridService", "GridModel", "GridGeo"],
        "GridDemo": ["GridModel", "GridGeo"],
    ]
    static let ours: Set<String> = ["GridGeo", "GridModel", "GridService", "GridStore", "GridHTTP", "GridDemo", "CSQLite", "CSpatiaLite"]

    @Test(arguments: ["GridGeo", "GridModel", "GridService", "GridStore", "GridHTTP", "GridDemo"])
    func aTargetImportsOnlyTheLayersBelowIt(target: String) throws {
        let folder = Self.sources.appendingPathComponent(target)
        let files = try #require(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("import ") || line.hasPrefix("@testable import ") {
                let module = String(line.split(separator: " ").last ?? "")
                guard Self.ours.contains(module) else { continue }
                #expect(Self.allowed[target]!.contains(module), "\(target)/\(file) imports \(module)")
            }
        }
    }
}
