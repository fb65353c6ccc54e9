extension PolygonIndex {
    /// Writes the index's tables into an image.
    public func write(to w: inout IndexImageWriter) throws {
        try w.int(itemCount)
        try tree.write(to: &w)
        for table in [partOwner, partStripeCount, partStripeBase, stripeStarts, itemPartStart, partEdgeStart] { try w.table(table.buffer) }
        for table in [partMinY, partScale, stripeEdges, edges, partBoxFlat] { try w.table(table.buffer) }
        try w.int(tiles == nil ? 0 : 1)
        try tiles?.write(to: &w)
        try w.int(partGroup == nil ? 0 : 1)
        if let partGroup { try w.table(partGroup.buffer) }
    }

    /// The index `write(to:)` wrote, its tables viewed in place: ready without reading its
    /// polygons again.
    public convenience init(reading r: inout IndexImageReader) throws(IndexImageError) {
        let itemCount = try r.int(in: 0...Int(Int32.max))
        let tree = try PackedRTree(reading: &r)
        let partOwner: FlatBuffer<Int32> = try r.flat(), stripeCount: FlatBuffer<Int32> = try r.flat()
        let stripeBase: FlatBuffer<Int32> = try r.flat(), stripeStarts: FlatBuffer<Int32> = try r.flat()
        let itemPartStart: FlatBuffer<Int32> = try r.flat(), partEdgeStart: FlatBuffer<Int32> = try r.flat()
        let minY: FlatBuffer<Double> = try r.flat(), scale: FlatBuffer<Double> = try r.flat()
        let stripeEdges: FlatBuffer<Double> = try r.flat(), edges: FlatBuffer<Double> = try r.flat()
        let boxes: FlatBuffer<Double> = try r.flat()
        var tiles: TileCover?
        if try r.int(in: 0...1) == 1 { tiles = try TileCover(reading: &r) }
        var groups: FlatBuffer<UInt8>?
        if try r.int(in: 0...1) == 1 { groups = try r.flat(UInt8.self) }
        let parts = partOwner.count
        guard tree.count == parts, [stripeCount.count, stripeBase.count, minY.count, scale.count].allSatisfy({ $0 == parts }),
              itemPartStart.count == itemCount + 1, partEdgeStart.count == parts + 1, boxes.count == parts * 4,
              Int(partEdgeStart[parts]) * 4 == edges.count, Int(itemPartStart[itemCount]) == parts, groups.map({ $0.count == parts }) ?? true else {
            throw .damaged("a polygon index's tables do not agree (\(itemCount) items, \(parts) parts)")
        }
        self.init(itemCount: itemCount, tree: tree, partOwner: partOwner, partMinY: minY, partScale: scale, partStripeCount: stripeCount,
                  partStripeBase: stripeBase, stripeStarts: stripeStarts, stripeEdges: stripeEdges, itemPartStart: itemPartStart,
                  partEdgeStart: partEdgeStart, edges: edges, partBoxFlat: boxes, tiles: tiles, partGroup: groups)
    }
}
