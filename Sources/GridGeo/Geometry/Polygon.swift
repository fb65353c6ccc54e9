/// A polygon: one outer ring and any number of holes. Rings are closed (first == last).
///
/// Containment follows the even-odd rule over all rings, which gives the expected answer for
/// valid polygons and a defined one for self-intersecting rings found in real boundary data.
public struct Polygon: Hashable, Sendable {
    /// `rings[0]` is the exterior, the rest are holes.
    public var rings: [[Coordinate]]

    public init(rings: [[Coordinate]]) {
        self.rings = rings
    }

    public init(exterior: [Coordinate], holes: [[Coordinate]] = []) {
        self.rings = [exterior] + holes
    }

    public var exterior: [Coordinate] { rings.first ?? [] }
    public var holes: ArraySlice<[Coordinate]> { rings.dropFirst() }

    public var boundingBox: BoundingBox { BoundingBox(covering: exterior) }

    /// Number of edges over all rings.
    public var edgeCount: Int { rings.reduce(0) { $0 + Swift.max(0, $1.count - 1) } }
}

/// One or more polygons treated as one area (a point is inside if any part contains it).
public struct MultiPolygon: Hashable, Sendable {
    public var polygons: [Polygon]

    public init(_ polygons: [Polygon]) {
        self.polygons = polygons
    }

    public var boundingBox: BoundingBox {
        var box = BoundingBox.empty
        for p in polygons { box.extend(p.boundingBox) }
        return box
    }

    public var edgeCount: Int { polygons.reduce(0) { $0 + $1.edgeCount } }
}
