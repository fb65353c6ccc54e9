import ArgumentParser
import GridDemo
import GridGeo
import GridModel
import GridService

/// Address resolution on the demo registry: accuracy on a seeded, damaged evaluation set and
/// single-core throughput.
struct ResolveBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resolve",
        abstract: "Address resolution: top-1 accuracy, none/ambiguous shares and confident-wrong count on damaged demo addresses; addresses/s on one core.")

    @Option(help: "Addresses in the evaluation set.") var count = 20_000
    @Option(help: "Seed of the evaluation set.") var seed: UInt64 = 20261123
    @Flag(help: "Print every confidently wrong and every missed resolvable address.") var verbose = false

    func run() throws {
        let demo = DemoDistrict.generate(petitionCount: 0)
        let locator = Locator(areas: demo.areas, buildings: demo.buildings, units: demo.units)
        let placed = demo.buildings.map { ($0, locator.placement(lon: $0.position.lon, lat: $0.position.lat)) }
        let directory = AreaDirectory(areas: Dictionary(demo.areas.map { ($0.id, AreaDirectory.Entry(name: $0.name, level: $0.level, worker: $0.worker)) },
                                                        uniquingKeysWith: { a, _ in a }), units: demo.units)
        let (resolver, tBuild) = timed {
            AddressResolver(areas: directory, buildings: placed, households: demo.households.map { ($0.id, $0.building, $0.unit, $0.room) })
        }
        let cases = AddressEvaluation.cases(demo, count: count, seed: seed)
        print("registry: \(demo.buildings.count) buildings, \(demo.households.count) households; resolver built in \(f(tBuild * 1000, 0)) ms")
        let (answers, t) = timed { cases.map { resolver.resolve($0.text, limit: 5) } }
        var resolvable = 0, top1 = 0, confident = 0, confidentRight = 0, confidentWrong = 0, none = 0, ambiguous = 0
        var households = 0, householdsRight = 0, missing = 0, missingSafe = 0
        var perDamage: [String: (n: Int, right: Int)] = [:]
        for (c, a) in zip(cases, answers) {
            let best = a.candidates.first
            let sure = a.match == .exact || a.match == .probable
            if a.match == .none { none += 1 }
            if a.match == .ambiguous { ambiguous += 1 }
            guard let expected = c.building else {
                missing += 1
                if !sure { missingSafe += 1 } else {
                    confidentWrong += 1
                    if verbose { print("WRONG (does not exist) \(c.text) → \(a.match.rawValue) \(best?.building ?? "-") \(c.damages)") }
                }
                continue
            }
            resolvable += 1
            let right = best?.building == expected
            if right { top1 += 1 } else if verbose { print("MISS \(c.text) → \(a.match.rawValue) \(best?.building ?? "-") want \(expected) \(c.damages)") }
            if sure { confident += 1; if right { confidentRight += 1 } else {
                confidentWrong += 1
                if verbose { print("WRONG \(c.text) → \(a.match.rawValue) \(best?.building ?? "-") want \(expected) \(c.damages)") }
            } }
            if let h = c.household, right { households += 1; if best?.household == h { householdsRight += 1 } }
            for d in c.damages { perDamage[d, default: (0, 0)].n += 1; if right { perDamage[d]!.right += 1 } }
        }
        func pct(_ n: Int, _ d: Int) -> String { d == 0 ? "-" : f(100 * Double(n) / Double(d), 1) + "%" }
        print("evaluation set: \(cases.count) addresses (seed \(seed)), \(resolvable) resolvable, \(missing) that do not exist")
        print("top-1 building right: \(pct(top1, resolvable)) of resolvable; exact or probable: \(pct(confident, resolvable)), of which right \(pct(confidentRight, confident))")
        print("household right (where the building is): \(pct(householdsRight, households))")
        print("match none: \(pct(none, cases.count)), ambiguous: \(pct(ambiguous, cases.count)); non-existent answered none/ambiguous: \(pct(missingSafe, missing))")
        print("confident-wrong: \(confidentWrong)")
        for (d, v) in perDamage.sorted(by: { $0.key < $1.key }) { print("  \(d): \(pct(v.right, v.n)) of \(v.n)") }
        print("throughput: \(f(Double(cases.count) / t, 0)) addresses/s on one core (\(f(t * 1e6 / Double(cases.count), 1)) µs each)")
    }
}
