#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiling of the equal-area plane into hexagons or squares of one size, for heat maps.
///
/// Bins tile without gaps or overlaps, every point falls in exactly one, and a bin is named
/// by two integers that depend only on the shape and size — so ids are stable across
/// requests and periods. Sizes are ground metres (see `EqualAreaPlane`):
/// - square: the side; bin (i, j) spans x in [i·s, (i+1)·s), y in [j·s, (j+1)·s);
/// - hexagon: the edge length (= centre-to-corner); pointy-top, in axial coordinates (q, r).
public struct BinGrid: Sendable, Equatable {
    public enum Shape: String, Sendable, CaseIterable {
        case hex, square
    }

    public let shape: Shape
    public let size: Double
    @usableFromInline let inverse: Double

    public init(shape: Shape, size: Double) {
        precondition(size > 0 && size.isFinite)
        self.shape = shape
        self.size = size
        inverse = 1 / size
    }

    /// ⌊v⌋ by truncation: `rounded(.down)` is a libm call on baseline x86-64, and a heat map
    /// bins a million points per request. (Bins stay far inside the Int range.)
    @inlinable @inline(__always)
    static func floor(_ v: Double) -> Int {
        let t = Int(v)
        return Double(t) > v ? t - 1 : t
    }

    /// The bin of a projected point (inlinable: the heat map's inner loop calls it per petition).
    @inlinable @inline(__always)
    public func bin(x: Double, y: Double) -> (Int32, Int32) {
        switch shape {
        case .square:
            return (Int32(truncatingIfNeeded: Self.floor(x * inverse)), Int32(truncatingIfNeeded: Self.floor(y * inverse)))
        case .hex:
            // The nearest centre: in the band within half an edge of the nearest row's centre
            // line the hexagon is that row's nearest; elsewhere it is one of two candidates,
            // the nearer wins. (Fewer unpredictable branches than cube rounding.)
            let w = 3.0.squareRoot() * size
            let rowF = y * inverse * (2.0 / 3.0)
            var j = Self.floor(rowF + 0.5)
            let colF = x / w
            var i = Self.floor(colF - Double(j & 1) * 0.5 + 0.5)
            let dy = rowF - Double(j)
            if abs(dy) > 1.0 / 3.0 {
                let j2 = dy > 0 ? j + 1 : j - 1
                let i2 = Self.floor(colF - Double(j2 & 1) * 0.5 + 0.5)
                let ax = (Double(i) + Double(j & 1) * 0.5) * w - x, ay = Double(j) * 1.5 * size - y
                let bx = (Double(i2) + Double(j2 & 1) * 0.5) * w - x, by = Double(j2) * 1.5 * size - y
                if bx * bx + by * by < ax * ax + ay * ay { i = i2; j = j2 }
            }
            return (Int32(truncatingIfNeeded: i - (j >> 1)), Int32(truncatingIfNeeded: j))
        }
    }

    /// The projected centre of a bin.
    public func centre(_ i: Int32, _ j: Int32) -> (x: Double, y: Double) {
        switch shape {
        case .square:
            return ((Double(i) + 0.5) * size, (Double(j) + 0.5) * size)
        case .hex:
            return (size * 3.0.squareRoot() * (Double(i) + Double(j) / 2), size * 1.5 * Double(j))
        }
    }

    /// The bin's outline as a closed lon/lat ring, counter-clockwise.
    public func ring(_ i: Int32, _ j: Int32) -> [Coordinate] {
        let c = centre(i, j)
        var corners: [(Double, Double)]
        switch shape {
        case .square:
            let h = size / 2
            corners = [(-h, -h), (h, -h), (h, h), (-h, h)]
        case .hex:
            corners = (0..<6).map { k in
                let a = (Double(k) * 60 - 30) * .pi / 180
                return (size * cos(a), size * sin(a))
            }
        }
        var ring = corners.map { EqualAreaPlane.unproject(x: c.x + $0.0, y: c.y + $0.1) }
        ring.append(ring[0])
        return ring
    }

    /// A bin's id: shape, size in metres and its two integers, e.g. `hex-500-12--3`.
    public func id(_ i: Int32, _ j: Int32) -> String {
        "\(shape.rawValue)-\(JSONValue.number(size).jsonText)-\(i)-\(j)"
    }

    /// The range of bin rows and of "columns" (for hexagons q + ⌊r/2⌋, which is rectangular)
    /// that the projected box touches, with a margin of one for hexagon edges.
    public func cover(minX: Double, minY: Double, maxX: Double, maxY: Double) -> (columns: ClosedRange<Int>, rows: ClosedRange<Int>) {
        switch shape {
        case .square:
            return (Int((minX / size).rounded(.down))...Int((maxX / size).rounded(.down)),
                    Int((minY / size).rounded(.down))...Int((maxY / size).rounded(.down)))
        case .hex:
            let rows = Int((minY / (1.5 * size)).rounded(.down)) - 1...Int((maxY / (1.5 * size)).rounded(.up)) + 1
            let w = size * 3.0.squareRoot()
            return (Int((minX / w).rounded(.down)) - 1...Int((maxX / w).rounded(.up)) + 1, rows)
        }
    }

    /// The column of a bin within `cover`'s layout.
    @inlinable @inline(__always)
    public func column(_ i: Int32, _ j: Int32) -> Int {
        shape == .square ? Int(i) : Int(i) + (Int(j) >> 1)
    }

    /// The bin at a column and row of `cover`'s layout.
    @inline(__always)
    public func bin(column: Int, row: Int) -> (Int32, Int32) {
        shape == .square ? (Int32(column), Int32(row)) : (Int32(column - (row >> 1)), Int32(row))
    }
}
