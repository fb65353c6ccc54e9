import ArgumentParser
import Foundation
import GridDemo

/// Writes the demo district's files (deterministic for a seed).
struct GenerateDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wangge-demo",
        abstract: "Generate the demo district of Panzhihua into a folder (default geodata/).")

    @Option(help: "The folder to write to.")
    var out: String = "geodata"

    @Option(help: "Random seed; the same seed gives the same files.")
    var seed: UInt64 = DemoDistrict.defaultSeed

    @Option(help: "Number of petitions to generate.")
    var petitions: Int = 21_000

    func run() throws {
        let demo = DemoDistrict.generate(seed: seed, petitionCount: petitions)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for (name, text) in demo.files() {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out).appendingPathComponent(name))
            print("wrote \(out)/\(name) (\(text.utf8.count / 1024) KiB)")
        }
        print("areas \(demo.areas.count), buildings \(demo.buildings.count), households \(demo.households.count), persons \(demo.persons.count), units \(demo.units.count), categories \(demo.categories.count), petitions \(demo.petitions.count)")
    }
}

GenerateDemo.main()
