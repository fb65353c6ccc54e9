import GridGeo

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Kulldorff's prospective space-time permutation scan statistic (Kulldorff, Heffernan, Hartman,
/// Assunção & Mostashari 2005, "A space–time permutation scan statistic for disease outbreak
/// detection", PLoS Medicine 2(3): e59) — what SaTScan runs for daily syndromic surveillance —
/// for one category's petitions on one scan day.
///
/// Cases carry a location (a small bin) and a day. Cylinders are circles around each location
/// (its nearest neighbours up to a radius) over a window of the last `w` days ending on the scan
/// day. The expected count of a cylinder is `μ = (cases at its locations over the whole study
/// period) × (cases anywhere in its days) / (all cases)`: the location's own history adjusts for
/// purely spatial differences (a building busy all year is no cluster) and the days' totals for
/// purely temporal change (a district-wide surge of the category is no cluster). The most
/// unusual cylinder maximises the Poisson likelihood ratio; its p-value comes from the same
/// maximum over datasets with the days permuted among the cases (which keeps both margins), and
/// for values beyond every replicate from a Gumbel distribution fitted to them (as SaTScan does).
/// Secondary clusters are those that share no location with a stronger one.
public enum SpaceTimeScan {
    public struct Parameters: Sendable, Equatable {
        /// The largest circle, metres.
        public var maxRadiusMetres = 1000.0
        /// The most locations a circle holds.
        public var maxLocations = 10
        /// The windows tried, in days ending on the scan day (at most 14).
        public var windows = [1, 2, 3, 4, 5, 7, 10, 14]
        /// Monte Carlo replicates (p resolution 1/(R+1); the Gumbel fit reaches below it).
        public var replicates = 99
        /// Fewest cases a cylinder needs to be reported.
        public var minimumCases = 3
        /// Sequential Monte Carlo (Besag & Clifford 1991): stop the replicates once this many have
        /// beaten the strongest cylinder — the day then holds nothing unusual, and its p-values are
        /// estimated as (replicates beating) / (replicates run). 0 runs them all.
        public var stopAfterBeaten = 1

        public init() {}
    }

    /// A case: its location (index into the locations) and its day (0 = the study period's
    /// first, `days - 1` = the scan day).
    public struct Case: Sendable, Equatable {
        public var location: Int
        public var day: Int
        public init(location: Int, day: Int) {
            self.location = location
            self.day = day
        }
    }

    /// A cluster found: its centre, the locations inside, the circle's radius, the window, what
    /// was observed and expected there, the log likelihood ratio and its p-value (not adjusted
    /// for the other scans of the day).
    public struct Cluster: Sendable, Equatable {
        public var centre: Int
        public var locations: [Int]
        public var radiusMetres: Double
        public var windowDays: Int
        public var observed: Int
        public var expected: Double
        public var logLikelihoodRatio: Double
        public var pValue: Double
    }

    /// Scans one day.
    /// - Parameters:
    ///   - points: each location's position in metres on an equal-area plane.
    ///   - days: the study period's length; the scan day is its last.
    ///   - seed: the permutations' seed (a scan of the same data with the same seed gives the same answer).
    /// - Returns: the clusters with a log likelihood ratio above zero that share no location with
    ///   a stronger one, strongest first, each with its p-value.
    ///   - neighbourhood: the circles, when the caller keeps them between scans (they must be
    ///     those of the locations holding a case — `Neighbourhood(restricting:…)` makes them); nil:
    ///     built here.
    public static func scan(cases: [Case], points: [(x: Double, y: Double)], days: Int, parameters: Parameters = Parameters(),
                            seed: UInt64, neighbourhood: Neighbourhood? = nil) -> [Cluster] {
        let total = cases.count
        guard total > 0, days > 0 else { return [] }
        let windows = parameters.windows.filter { $0 >= 1 && $0 <= days }.sorted()
        guard let longest = windows.last else { return [] }
        let firstRecent = days - longest
        // Margins: per location over the whole period, per day over all locations.
        var perLocation = [Int](repeating: 0, count: points.count)
        var perDay = [Int](repeating: 0, count: days)
        for c in cases {
            perLocation[c.location] += 1
            perDay[c.day] += 1
        }
        // Cases anywhere in each window (the same in every replicate: permuting days keeps them).
        let inWindow: [Double] = windows.map { w in Double(perDay[(days - w)...].reduce(0, +)) }
        let neighbours = neighbourhood ?? Neighbourhood(points: points, radius: parameters.maxRadiusMetres, limit: parameters.maxLocations)
        let evaluator = Evaluator(total: Double(total), perLocation: perLocation, inWindow: inWindow, windows: windows,
                                  lastDay: days - 1, neighbours: neighbours, minimumCases: parameters.minimumCases)

        // The observed data: every centre's best cylinder.
        let recentCases = cases.filter { $0.day >= firstRecent }
        let best = evaluator.bestPerCentre(recentCases)
        guard let top = best.map(\.logLikelihoodRatio).max() else { return [] }

        // Replicates: the recent days' labels dealt to a random set of cases of the same size.
        var rng = SeededGenerator(seed: seed)
        var order = Array(0..<total)
        var recentLabels = recentCases.map(\.day)
        var maxima: [Double] = []
        maxima.reserveCapacity(parameters.replicates)
        var dealt: [Case] = []
        dealt.reserveCapacity(recentLabels.count)
        for _ in 0..<parameters.replicates {
            dealt.removeAll(keepingCapacity: true)
            for k in 0..<recentLabels.count {
                let j = k + Int(rng.next() % UInt64(total - k))
                order.swapAt(k, j)
                let l = k + Int(rng.next() % UInt64(recentLabels.count - k))
                recentLabels.swapAt(k, l)
                dealt.append(Case(location: cases[order[k]].location, day: recentLabels[k]))
            }
            // Sequential: a replicate is only asked whether it beats the day's strongest cylinder.
            maxima.append(evaluator.maximum(dealt, enough: parameters.stopAfterBeaten > 0 ? top : .infinity))
            if parameters.stopAfterBeaten > 0, maxima.reduce(0, { $0 + ($1 >= top ? 1 : 0) }) >= parameters.stopAfterBeaten { break }
        }
        let stoppedEarly = maxima.count < parameters.replicates
        let gumbel = Gumbel(fitting: maxima)

        // Strongest first; a cylinder sharing a location with a stronger one is left out.
        var taken = Set<Int>()
        var out: [Cluster] = []
        // Ties go to the southernmost, then westernmost centre: an order of places, not of indexes,
        // so that a scan does not depend on the order its locations were first seen in.
        let ordered = best.sorted { a, b in
            if a.logLikelihoodRatio != b.logLikelihoodRatio { return a.logLikelihoodRatio > b.logLikelihoodRatio }
            return (points[a.centre].y, points[a.centre].x) < (points[b.centre].y, points[b.centre].x)
        }
        for var c in ordered {
            guard taken.isDisjoint(with: c.locations) else { continue }
            taken.formUnion(c.locations)
            let beaten = maxima.reduce(0) { $0 + ($1 >= c.logLikelihoodRatio ? 1 : 0) }
            let monteCarlo = Double(beaten + 1) / Double(maxima.count + 1)
            if stoppedEarly {
                c.pValue = min(1, Double(max(beaten, 1)) / Double(maxima.count))
            } else {
                // Beyond every replicate, the fitted tail says how far beyond.
                c.pValue = beaten == 0 ? min(monteCarlo, gumbel.exceedance(c.logLikelihoodRatio)) : monteCarlo
            }
            out.append(c)
        }
        return out
    }

    /// The recurrence interval in days of a cluster found on a daily scan with p-value `p`,
    /// after `tests` scans that day (categories): how many days one would wait, by chance, for
    /// a cluster as unusual as this one (SaTScan's recurrence interval, Bonferroni-adjusted).
    public static func recurrenceDays(pValue p: Double, tests: Int) -> Double {
        1 / min(1, max(p, 1e-12) * Double(max(1, tests)))
    }
}

extension SpaceTimeScan {
    /// Each location's nearest neighbours (itself first) within the radius, with their distances:
    /// the circles of the scan. Ties in distance go by place (south to north, then west to east),
    /// never by index.
    public struct Neighbourhood: Sendable {
        var lists: [[(location: Int, distance: Double)]]
        /// For each location, the centres whose circles can hold it.
        var reach: [[Int]]

        /// The circles of the `present` locations (all when nil); the others get none.
        public init(points: [(x: Double, y: Double)], radius: Double, limit: Int, present: [Bool]? = nil) {
            // A hash of square cells of the radius's size: the candidates are in the 9 around.
            var cells: [Int64: [Int]] = [:]
            func key(_ i: Int64, _ j: Int64) -> Int64 { i &* 1_000_003 &+ j }
            func cell(_ p: (x: Double, y: Double)) -> (Int64, Int64) { (Int64((p.x / radius).rounded(.down)), Int64((p.y / radius).rounded(.down))) }
            for (k, p) in points.enumerated() where present?[k] ?? true {
                let (i, j) = cell(p)
                cells[key(i, j), default: []].append(k)
            }
            lists = points.enumerated().map { k, p in
                guard present?[k] ?? true else { return [] }
                let (i, j) = cell(p)
                var near: [(location: Int, distance: Double)] = []
                for di in -1...1 {
                    for dj in -1...1 {
                        for other in cells[key(i + Int64(di), j + Int64(dj))] ?? [] {
                            let d = ((points[other].x - p.x) * (points[other].x - p.x) + (points[other].y - p.y) * (points[other].y - p.y)).squareRoot()
                            if d <= radius { near.append((other, d)) }
                        }
                    }
                }
                near.sort { Self.before($0, $1, centre: k, points) }
                return Array(near.prefix(limit))
            }
            reach = Self.reach(lists)
        }

        /// The circles of the `present` locations, taken from a wider neighbourhood of more
        /// locations (a superset, with a larger limit) where it holds enough of them, built anew
        /// for the few centres where it does not: the same circles as built from scratch, at a
        /// fraction of the cost when the present locations change little from day to day.
        public init(restricting wide: Neighbourhood, wideLimit: Int, present: [Bool], points: [(x: Double, y: Double)],
                    radius: Double, limit: Int) {
            var exact: Neighbourhood?
            lists = []
            lists.reserveCapacity(points.count)
            for k in points.indices {
                guard present[k] else { lists.append([]); continue }
                let candidates = wide.lists[k]
                var list: [(location: Int, distance: Double)] = []
                for n in candidates where present[n.location] {
                    list.append(n)
                    if list.count == limit { break }
                }
                // Too few: the wide list ran out before the radius did, and absent locations took its places.
                if list.count < limit, candidates.count >= wideLimit, (candidates.last?.distance ?? 0) < radius {
                    if exact == nil { exact = Neighbourhood(points: points, radius: radius, limit: limit, present: present) }
                    list = exact!.lists[k]
                }
                lists.append(list)
            }
            reach = Self.reach(lists)
        }

        static func before(_ a: (location: Int, distance: Double), _ b: (location: Int, distance: Double), centre: Int,
                           _ points: [(x: Double, y: Double)]) -> Bool {
            if a.distance != b.distance { return a.distance < b.distance }
            if (a.location == centre) != (b.location == centre) { return a.location == centre }
            return (points[a.location].y, points[a.location].x) < (points[b.location].y, points[b.location].x)
        }

        static func reach(_ lists: [[(location: Int, distance: Double)]]) -> [[Int]] {
            var reach = Array(repeating: [Int](), count: lists.count)
            for (centre, list) in lists.enumerated() {
                for n in list { reach[n.location].append(centre) }
            }
            return reach
        }
    }

    /// The cylinders' likelihood ratios over one dataset's recent cases. Keeps its scratch
    /// arrays between datasets (one evaluator per scan, used by one thread): a replicate then
    /// costs time in proportion to its recent cases and their neighbourhoods, nothing more.
    final class Evaluator {
        let total: Double
        let perLocation: [Double]
        let inWindow: [Double]
        let windows: [Int]
        let lastDay: Int
        let neighbours: Neighbourhood
        let minimumCases: Int
        /// Recent cases per location and window, flat (location × windows); only touched rows are non-zero.
        private var counts: [Int32]
        private var touched: [Int] = []
        /// Centres already visited in this dataset (by stamp).
        private var seen: [UInt32]
        private var stamp: UInt32 = 0
        private var observed: [Int32]

        init(total: Double, perLocation: [Int], inWindow: [Double], windows: [Int], lastDay: Int, neighbours: Neighbourhood, minimumCases: Int) {
            self.total = total
            self.perLocation = perLocation.map(Double.init)
            self.inWindow = inWindow
            self.windows = windows
            self.lastDay = lastDay
            self.neighbours = neighbours
            self.minimumCases = minimumCases
            counts = [Int32](repeating: 0, count: perLocation.count * windows.count)
            seen = [UInt32](repeating: 0, count: perLocation.count)
            observed = [Int32](repeating: 0, count: windows.count)
        }

        private func load(_ recent: [Case]) {
            let w = windows.count
            for l in touched { for k in 0..<w { counts[l * w + k] = 0 } }
            touched.removeAll(keepingCapacity: true)
            for c in recent {
                let age = lastDay - c.day
                let row = c.location * w
                if counts[row + w - 1] == 0 { touched.append(c.location) }
                for k in 0..<w where age < windows[k] { counts[row + k] += 1 }
            }
        }

        /// Visits every cylinder of every centre with at least `minimumCases` and more than expected.
        /// - Parameter body: returns false to stop the visit there.
        private func visit(_ body: (_ centre: Int, _ size: Int, _ window: Int, _ observed: Int, _ expected: Double, _ llr: Double) -> Bool) {
            let w = windows.count, longest = w - 1
            stamp &+= 1
            if stamp == 0 { for k in seen.indices { seen[k] = 0 }; stamp = 1 }
            let minimum = Int32(minimumCases)
            for l in touched {
                for centre in neighbours.reach[l] where seen[centre] != stamp {
                    seen[centre] = stamp
                    var history = 0.0
                    for k in 0..<w { observed[k] = 0 }
                    for (size, n) in neighbours.lists[centre].enumerated() {
                        history += perLocation[n.location]
                        let row = n.location * w
                        if counts[row + longest] > 0 { for k in 0..<w { observed[k] += counts[row + k] } }
                        // Windows nest: fewer than the minimum in the longest means fewer in all.
                        guard observed[longest] >= minimum else { continue }
                        for k in 0..<w where observed[k] >= minimum {
                            let c = Double(observed[k])
                            let mu = history * inWindow[k] / total
                            guard c > mu else { continue }
                            let rest = total - c
                            let llr = c * log(c / mu) + (rest > 0 ? rest * log(rest / (total - mu)) : 0)
                            if !body(centre, size + 1, k, Int(observed[k]), mu, llr) { return }
                        }
                    }
                }
            }
        }

        /// The largest likelihood ratio over all cylinders (0 when none has more than expected).
        /// The largest likelihood ratio over all cylinders (0 when none has more than expected) —
        /// or, once one reaches `enough`, that one's: a replicate beating the day's strongest
        /// cylinder needs to be known to beat it, not by how much.
        func maximum(_ recent: [Case], enough: Double = .infinity) -> Double {
            load(recent)
            var best = 0.0
            visit { _, _, _, _, _, llr in
                if llr > best { best = llr }
                return best < enough
            }
            return best
        }

        /// Each centre's best cylinder.
        func bestPerCentre(_ recent: [Case]) -> [Cluster] {
            load(recent)
            var best: [Int: Cluster] = [:]
            visit { centre, size, k, observed, expected, llr in
                if let b = best[centre], b.logLikelihoodRatio >= llr { return true }
                let members = neighbours.lists[centre].prefix(size)
                best[centre] = Cluster(centre: centre, locations: members.map(\.location), radiusMetres: members.last?.distance ?? 0,
                                       windowDays: windows[k], observed: observed, expected: expected, logLikelihoodRatio: llr, pValue: 1)
                return true
            }
            return Array(best.values)
        }
    }

    /// A Gumbel distribution fitted to the replicates' maxima by moments (SaTScan's "Gumbel
    /// approximation"), for p-values smaller than the replicates alone can show.
    struct Gumbel {
        var location: Double
        var scale: Double

        init(fitting values: [Double]) {
            let n = Double(max(values.count, 1))
            let mean = values.reduce(0, +) / n
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(n - 1, 1)
            scale = max(variance.squareRoot() * 6.0.squareRoot() / .pi, 1e-9)
            location = mean - 0.5772156649 * scale
        }

        /// P(maximum ≥ x).
        func exceedance(_ x: Double) -> Double {
            -expm1(-exp(-(x - location) / scale))
        }
    }
}
