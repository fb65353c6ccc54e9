extension PackedRTree {
    /// Writes the tree's tables into an image.
    public func write(to w: inout IndexImageWriter) throws {
        try w.int(count)
        try w.table(boxes.buffer)
        try w.table(indices.buffer)
        try w.table(levelEnds.buffer)
    }

    /// The tree `write(to:)` wrote, its tables viewed in place.
    public convenience init(reading r: inout IndexImageReader) throws(IndexImageError) {
        let count = try r.int(in: 0...(1 << 28))
        let boxes: FlatBuffer<Double> = try r.flat()
        let indices: FlatBuffer<Int32> = try r.flat()
        let levelEnds: FlatBuffer<Int> = try r.flat()
        guard (1...Self.maxLevels).contains(levelEnds.count), levelEnds[0] == count, levelEnds[levelEnds.count - 1] == indices.count,
              boxes.count == indices.count * 4 else {
            throw .damaged("an R-tree's tables do not agree (\(count) items, \(indices.count) entries, \(levelEnds.count) levels)")
        }
        self.init(boxes: boxes, indices: indices, levelEnds: levelEnds, count: count)
    }
}
