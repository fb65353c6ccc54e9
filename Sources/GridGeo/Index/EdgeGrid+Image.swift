extension EdgeGrid {
    /// Writes the grid's tables into an image (its sources are written on their own).
    public func write(to w: inout IndexImageWriter) throws {
        try w.double(minX); try w.double(minY); try w.double(scaleX); try w.double(scaleY)
        try w.int(columns); try w.int(rows)
        try w.table(cellStart.buffer)
        try w.table(crossItem.buffer)
        try w.table(crossEdgeStart.buffer)
        try w.table(crossEdgeCount.buffer)
        try w.table(crossSource.buffer)
        try w.table(crossPart.buffer)
        try w.table(edgeCoords.buffer)
        try w.table(degenerateCell.buffer)
    }

    /// The grid `write(to:)` wrote over `sources` (the indexes it was built over, read back),
    /// its tables viewed in place.
    public convenience init(reading r: inout IndexImageReader, sources: [PolygonIndex]) throws(IndexImageError) {
        let (minX, minY, scaleX, scaleY) = (try r.double(), try r.double(), try r.double(), try r.double())
        let columns = try r.int(in: 1...(1 << 15)), rows = try r.int(in: 1...(1 << 15))
        let cellStart: FlatBuffer<UInt32> = try r.flat(), crossItem: FlatBuffer<Int32> = try r.flat()
        let crossEdgeStart: FlatBuffer<UInt32> = try r.flat(), crossEdgeCount: FlatBuffer<UInt8> = try r.flat()
        let crossSource: FlatBuffer<UInt8> = try r.flat(), crossPart: FlatBuffer<Int32> = try r.flat()
        let edgeCoords: FlatBuffer<Double> = try r.flat(), degenerate: FlatBuffer<Bool> = try r.flat()
        let cells = (columns + 7) / 8 * 64 * ((rows + 7) / 8)
        let crossings = crossItem.count
        guard cellStart.count == cells + 1, degenerate.count == cells, Int(cellStart[cells]) == crossings,
              [crossEdgeStart.count, crossEdgeCount.count, crossSource.count, crossPart.count].allSatisfy({ $0 == crossings }),
              edgeCoords.count % 4 == 0 else {
            throw .damaged("an edge grid's tables do not agree (\(columns) × \(rows) cells, \(crossings) crossings)")
        }
        self.init(sources: sources, minX: minX, minY: minY, scaleX: scaleX, scaleY: scaleY, columns: columns, rows: rows,
                  cellStart: cellStart, crossItem: crossItem, crossEdgeStart: crossEdgeStart, crossEdgeCount: crossEdgeCount,
                  crossSource: crossSource, crossPart: crossPart, edgeCoords: edgeCoords, degenerateCell: degenerate)
    }
}
