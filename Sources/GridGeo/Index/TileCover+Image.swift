extension TileCover {
    /// Writes the cover into an image.
    func write(to w: inout IndexImageWriter) throws {
        try w.double(minX); try w.double(minY); try w.double(scaleX); try w.double(scaleY)
        try w.int(cols); try w.int(rows)
        try w.table(starts.buffer)
        try w.table(entries.buffer)
        try w.table(occupied.buffer)
    }

    /// The cover `write(to:)` wrote, its tables viewed in place.
    init(reading r: inout IndexImageReader) throws(IndexImageError) {
        let (minX, minY, scaleX, scaleY) = (try r.double(), try r.double(), try r.double(), try r.double())
        let cols = try r.int(in: 1...(1 << 30)), rows = try r.int(in: 1...(1 << 30))
        let starts: FlatBuffer<Int32> = try r.flat(), entries: FlatBuffer<Int32> = try r.flat(), occupied: FlatBuffer<UInt64> = try r.flat()
        guard starts.count == cols * rows + 1, occupied.count == (cols * rows + 63) / 64, Int(starts[cols * rows]) == entries.count else {
            throw .damaged("a tile cover's tables do not agree with its \(cols) × \(rows) tiles")
        }
        self.init(minX: minX, minY: minY, scaleX: scaleX, scaleY: scaleY, cols: cols, rows: rows,
                  starts: starts, entries: entries, occupied: occupied)
    }
}
