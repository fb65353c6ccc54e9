import GridGeo

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SpaceTimeScan {
    /// One category's scans over a run of nights, the study period slid forward a night at a
    /// time: each night gives exactly what `SpaceTimeScan.scan` gives for that night's study
    /// period alone, but the margins and circles are carried from night to night and only what
    /// changed is redone, so a year of nights costs little more than its replicates.
    /// Used by one thread at a time.
    public final class Series {
        let parameters: Parameters
        let studyDays: Int
        let windows: [Int]
        let points: [(x: Double, y: Double)]
        /// The cases, oldest first: location and day.
        private let location: [Int]
        private let day: [Int]
        /// The cases in the study period: `lo..<hi`.
        private var lo = 0, hi = 0
        private var lastNight = Int.min
        /// Cases held per location over the study period (its history, the expected counts' margin).
        private var held: [Int32]
        private var changed: [Int] = []
        private let circles: Circles
        // Scratch kept between datasets: a replicate costs in proportion to its recent cases.
        /// Recent cases per location and window, flat (location × windows); only touched rows are non-zero.
        private var counts: [Int32]
        private var touched: [Int] = []
        /// Centres already visited in this dataset (by stamp).
        private var seen: [UInt32]
        private var stamp: UInt32 = 0
        private var observed: [Int32]
        private var order: [Int] = []
        private var inWindow: [Double] = []
        private var total = 0.0

        /// - Parameters:
        ///   - cases: the category's cases with their days on one scale (e.g. days since 1970).
        ///   - points: each location's position in metres on an equal-area plane.
        ///   - studyDays: the length of each night's study period (the night its last day).
        ///   - manyNights: whether more than one night will be scanned (the circles are then built
        ///     wide once and cut down each night; for one night they are searched for directly).
        public init(cases: [Case], points: [(x: Double, y: Double)], studyDays: Int, parameters: Parameters = Parameters(), manyNights: Bool) {
            let sorted = cases.indices.dropFirst().allSatisfy { cases[$0 - 1].day <= cases[$0].day }
                ? cases : cases.enumerated().sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }.map(\.element)
            location = sorted.map(\.location)
            day = sorted.map(\.day)
            self.points = points
            self.studyDays = studyDays
            self.parameters = parameters
            windows = parameters.windows.filter { $0 >= 1 && $0 <= studyDays }.sorted()
            held = Array(repeating: 0, count: points.count)
            circles = Circles(points: points, radius: parameters.maxRadiusMetres, limit: parameters.maxLocations,
                              wideLimit: manyNights ? parameters.maxLocations * 3 : nil)
            counts = Array(repeating: 0, count: points.count * windows.count)
            seen = Array(repeating: 0, count: points.count)
            observed = Array(repeating: 0, count: windows.count)
        }

        /// The cases in the study period ending on `night`.
        public var studyCases: Int { hi - lo }

        /// Scans the study period ending on `night` (nights in increasing order).
        /// - Parameter seed: the permutations' seed (the same data and seed give the same answer).
        /// - Returns: the clusters with a log likelihood ratio above zero that share no location
        ///   with a stronger one, strongest first, each with its p-value.
        public func scan(night: Int, seed: UInt64) -> [Cluster] {
            precondition(night >= lastNight, "nights are scanned in order")
            lastNight = night
            slide(to: night)
            guard hi > lo, let longest = windows.last else { return [] }
            circles.update(changed: changed, present: held)
            changed.removeAll(keepingCapacity: true)
            total = Double(hi - lo)
            // Cases anywhere in each window (the same in every replicate: permuting days keeps them).
            inWindow = windows.map { Double(hi - first(after: night - $0)) }
            let recent = first(after: night - longest)..<hi

            // The observed data: every centre's best cylinder.
            load(recent.lazy.map { (self.location[$0], night - self.day[$0]) })
            let best = bestPerCentre()
            guard let top = best.map(\.logLikelihoodRatio).max() else { return [] }

            // Replicates: the recent days' labels dealt to a random set of cases of the same size.
            var rng = SeededGenerator(seed: seed)
            let count = hi - lo
            if order.count < count { order = Array(0..<count) } else { for k in 0..<count { order[k] = k } }
            var labels = recent.map { night - day[$0] }
            var maxima: [Double] = []
            maxima.reserveCapacity(parameters.replicates)
            var dealt: [(location: Int, age: Int)] = []
            dealt.reserveCapacity(labels.count)
            let sequential = parameters.stopAfterBeaten > 0
            var beatenTop = 0
            for _ in 0..<parameters.replicates {
                dealt.removeAll(keepingCapacity: true)
                for k in 0..<labels.count {
                    let j = k + Int(rng.next() % UInt64(count - k))
                    order.swapAt(k, j)
                    let l = k + Int(rng.next() % UInt64(labels.count - k))
                    labels.swapAt(k, l)
                    dealt.append((location[lo + order[k]], labels[k]))
                }
                load(dealt)
                // Sequential: a replicate is only asked whether it beats the day's strongest cylinder.
                let m = maximum(enough: sequential ? top : .infinity)
                maxima.append(m)
                if m >= top { beatenTop += 1 }
                if sequential, beatenTop >= parameters.stopAfterBeaten { break }
            }
            // Stopped by the rule (whichever replicate it was): the maxima past the stopping one
            // were never asked for, and the one that stopped is only known to beat the top.
            let stoppedEarly = sequential && beatenTop >= parameters.stopAfterBeaten
            let gumbel = Gumbel(fitting: maxima)

            // Strongest first; a cylinder sharing a location with a stronger one is left out.
            var taken = Set<Int>()
            var out: [Cluster] = []
            // Ties go to the southernmost, then westernmost centre: an order of places, not of indexes.
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

        /// The first case in the study period received after `day`.
        private func first(after day: Int) -> Int {
            var a = lo, b = hi
            while a < b { let m = (a + b) / 2; if self.day[m] > day { b = m } else { a = m + 1 } }
            return a
        }

        /// Moves the study period to end on `night`, noting the locations that came or went.
        private func slide(to night: Int) {
            let start = night - studyDays + 1
            while lo < hi, day[lo] < start {
                held[location[lo]] -= 1
                if held[location[lo]] == 0 { changed.append(location[lo]) }
                lo += 1
            }
            // Cases older than the period that were never held.
            while lo < day.count, lo >= hi, day[lo] < start { lo += 1 }
            hi = max(hi, lo)
            while hi < day.count, day[hi] <= night {
                held[location[hi]] += 1
                if held[location[hi]] == 1 { changed.append(location[hi]) }
                hi += 1
            }
        }

        private func load<S: Sequence>(_ recent: S) where S.Element == (location: Int, age: Int) {
            let w = windows.count
            for l in touched { for k in 0..<w { counts[l * w + k] = 0 } }
            touched.removeAll(keepingCapacity: true)
            for (location, age) in recent {
                let row = location * w
                if counts[row + w - 1] == 0 { touched.append(location) }
                for k in 0..<w where age < windows[k] { counts[row + k] += 1 }
            }
        }

        /// Visits every cylinder of every centre with at least `minimumCases` and more than expected,
        /// centre by centre (all of one centre's cylinders, then the next's).
        /// - Parameter body: returns false to stop the visit there.
        private func visit(_ body: (_ centre: Int, _ size: Int, _ window: Int, _ observed: Int32, _ expected: Double, _ llr: Double) -> Bool) {
            let w = windows.count, longest = w - 1
            stamp &+= 1
            if stamp == 0 { for k in seen.indices { seen[k] = 0 }; stamp = 1 }
            let mark = stamp, total = total, limit = circles.limit
            let minimum = Int32(parameters.minimumCases)
            let reach = circles.reach, touched = touched
            // The inner loop runs over raw buffers: no copies, no exclusivity or bounds checks.
            circles.members.withUnsafeBufferPointer { members in
            circles.sizes.withUnsafeBufferPointer { sizes in
            counts.withUnsafeBufferPointer { counts in
            held.withUnsafeBufferPointer { held in
            inWindow.withUnsafeBufferPointer { inWindow in
            observed.withUnsafeMutableBufferPointer { observed in
            seen.withUnsafeMutableBufferPointer { seen in
                for l in touched {
                    for centre in reach[l] where seen[centre] != mark {
                        seen[centre] = mark
                        var history = 0.0
                        for k in 0..<w { observed[k] = 0 }
                        for size in 0..<sizes[centre] {
                            let n = members[centre * limit + size]
                            history += Double(held[n])
                            let row = n * w
                            if counts[row + longest] > 0 { for k in 0..<w { observed[k] &+= counts[row + k] } }
                            // Windows nest: fewer than the minimum in the longest means fewer in all.
                            guard observed[longest] >= minimum else { continue }
                            for k in 0..<w where observed[k] >= minimum {
                                let c = Double(observed[k])
                                let mu = history * inWindow[k] / total
                                guard c > mu else { continue }
                                let rest = total - c
                                let llr = c * log(c / mu) + (rest > 0 ? rest * log(rest / (total - mu)) : 0)
                                if !body(centre, size + 1, k, observed[k], mu, llr) { return }
                            }
                        }
                    }
                }
            }}}}}}}
        }

        /// The largest likelihood ratio over all cylinders (0 when none has more than expected) —
        /// or, once one reaches `enough`, that one's: a replicate beating the day's strongest
        /// cylinder needs to be known to beat it, not by how much.
        private func maximum(enough: Double) -> Double {
            var best = 0.0
            visit { _, _, _, _, _, llr in
                if llr > best { best = llr }
                return best < enough
            }
            return best
        }

        /// Each centre's best cylinder (the first of equals).
        private func bestPerCentre() -> [Cluster] {
            var out: [Cluster] = []
            var best: (centre: Int, size: Int, window: Int, observed: Int32, expected: Double, llr: Double)?
            func flush() {
                guard let b = best else { return }
                let members = circles.circle(b.centre).prefix(b.size)
                out.append(Cluster(centre: b.centre, locations: members.map(\.location), radiusMetres: members.last?.distance ?? 0,
                                   windowDays: windows[b.window], observed: Int(b.observed), expected: b.expected, logLikelihoodRatio: b.llr, pValue: 1))
            }
            visit { centre, size, k, observed, expected, llr in
                if best?.centre != centre {
                    flush()
                    best = (centre, size, k, observed, expected, llr)
                } else if llr > best!.llr {
                    best = (centre, size, k, observed, expected, llr)
                }
                return true
            }
            flush()
            return out
        }
    }
}
