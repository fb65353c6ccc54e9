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

    public init(shape: Shape, size: Double) {
        precondition(size > 0 && size.isFinite)
        self.shape = shape
        self.size = size
    }

    /// The bin of a projected point.
    @inline(__always)
    public func bin(x: Double, y: Double) -> (Int32, Int32) {
        switch shape {
        case .square:
            return (Int32((x / size).rounded(.down)), Int32((y / size).rounded(.down)))
        case .hex:
            // Fractional axial coordinates, then cube rounding.
            let q = (x * (3.0.squareRoot() / 3) - y / 3) / size
            let r = (y * 2 / 3) / size
            let s = -q - r
            var rq = q.rounded(), rr = r.rounded()
            let rs = s.rounded()
            let dq = abs(rq - q), dr = abs(rr - r), ds = abs(rs - s)
            if dq > dr && dq > ds { rq = -rr - rs } else if dr > ds { rr = -rq - rs }
            return (Int32(rq), Int32(rr))
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
    @inline(__always)
    public func column(_ i: Int32, _ j: Int32) -> Int {
        shape == .square ? Int(i) : Int(i) + (Int(j) >> 1)
    }

    /// The bin at a column and row of `cover`'s layout.
    @inline(__always)
    public func bin(column: Int, row: Int) -> (Int32, Int32) {
        shape == .square ? (Int32(column), Int32(row)) : (Int32(column - (row >> 1)), Int32(row))
    }
}
