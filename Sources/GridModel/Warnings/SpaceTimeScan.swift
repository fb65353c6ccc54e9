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
    public static func scan(cases: [Case], points: [(x: Double, y: Double)], days: Int, parameters: Parameters = Parameters(),
                            seed: UInt64) -> [Cluster] {
        guard days > 0 else { return [] }
        return Series(cases: cases, points: points, studyDays: days, parameters: parameters, manyNights: false).scan(night: days - 1, seed: seed)
    }

    /// The recurrence interval in days of a cluster found on a daily scan with p-value `p`,
    /// after `tests` scans that day (categories): how many days one would wait, by chance, for
    /// a cluster as unusual as this one (SaTScan's recurrence interval, Bonferroni-adjusted).
    public static func recurrenceDays(pValue p: Double, tests: Int) -> Double {
        1 / min(1, max(p, 1e-12) * Double(max(1, tests)))
    }
}

extension SpaceTimeScan {
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
