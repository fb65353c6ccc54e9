import Foundation
import GridGeo
import GridModel
import GridTestSupport
import Testing

/// Wangge's scan statistic against an independent implementation (`Tests/reference/stpscan.py`,
/// plain Python written from Kulldorff's paper): on the same fixed dataset both must find the same
/// strongest cylinder — centre, places, window, observed, expected and likelihood ratio — and both
/// must call it significant.
@Suite struct ScanReferenceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: [UInt64(1), 2, 3])
    func theStrongestClusterIsTheReferencesToo(seed: UInt64) throws {
        // 7 × 7 places 200 m apart, 120 days of background, and a burst in two neighbours at the end.
        var rng = SeededGenerator(seed: seed)
        let points: [(x: Double, y: Double)] = (0..<49).map { k in
            let column = Double(k % 7), row = Double(k / 7)
            return (x: column * 200, y: row * 200)
        }
        var cases: [SpaceTimeScan.Case] = []
        for day in 0..<120 {
            for place in 0..<49 where rng.chance(0.06) { cases.append(.init(location: place, day: day)) }
        }
        let burst = [17 + Int(seed), 18 + Int(seed)]
        for day in [118, 119] { for place in burst { cases += Array(repeating: .init(location: place, day: day), count: 2 + day % 2) } }
        var parameters = SpaceTimeScan.Parameters()
        parameters.replicates = 999
        parameters.stopAfterBeaten = 0
        let ours = try #require(SpaceTimeScan.scan(cases: cases, points: points, days: 120, parameters: parameters, seed: seed).first)

        let dir = TemporaryDirectory()
        let caseList: [JSONValue] = cases.map { c in JSONValue.array([.number(Double(c.location)), .number(Double(c.day))]) }
        let pointList: [JSONValue] = points.map { p in JSONValue.array([.number(p.x), .number(p.y)]) }
        let windowList: [JSONValue] = parameters.windows.map { w in JSONValue.number(Double(w)) }
        var members: [(key: String, value: JSONValue)] = [("cases", .array(caseList)), ("points", .array(pointList))]
        members.append(("days", .number(120)))
        members.append(("windows", .array(windowList)))
        members.append(("radius", .number(parameters.maxRadiusMetres)))
        members.append(("maxLocations", .number(Double(parameters.maxLocations))))
        members.append(("minimumCases", .number(Double(parameters.minimumCases))))
        members.append(("replicates", .number(99)))
        members.append(("seed", .number(Double(seed))))
        let dataset = JSONValue.object(JSONObject(members))
        let file = dir.write("dataset.json", dataset.jsonText)
        let run = try runProcess("/usr/bin/env", ["python3", Self.root.appendingPathComponent("Tests/reference/stpscan.py").path, file])
        #expect(run.status == 0, "\(run.output)")
        let theirs = try JSONParser.parse(run.output)
        #expect(theirs["centre"]?.intValue == ours.centre)
        #expect(theirs["locations"]?.arrayValue?.compactMap(\.intValue) == ours.locations.sorted())
        #expect(theirs["window"]?.intValue == ours.windowDays && theirs["observed"]?.intValue == ours.observed)
        #expect(abs((theirs["expected"]?.doubleValue ?? 0) - ours.expected) < 1e-9 * max(1, ours.expected))
        #expect(abs((theirs["llr"]?.doubleValue ?? 0) - ours.logLikelihoodRatio) < 1e-9 * ours.logLikelihoodRatio)
        // The p-values come from different random permutations (99 there, 999 here): they agree
        // within three standard errors of the reference's Monte Carlo estimate, and both are small.
        let reference = theirs["p"]?.doubleValue ?? 1
        print("seed \(seed): centre \(ours.centre), \(ours.locations.count) places, \(ours.windowDays) days, observed \(ours.observed), expected \(ours.expected), LLR \(ours.logLikelihoodRatio) (reference \(theirs["llr"]?.doubleValue ?? .nan)); p \(ours.pValue) here, \(reference) in the reference")
        let tolerance = 3 * (max(reference, 0.01) * (1 - reference) / 99).squareRoot() + 0.005
        #expect(abs(reference - ours.pValue) <= tolerance && reference < 0.1 && ours.pValue < 0.1,
                "reference p \(reference), ours \(ours.pValue)")
    }
}
