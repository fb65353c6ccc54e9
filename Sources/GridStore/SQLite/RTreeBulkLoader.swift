import CSQLite
import GridGeo

/// Fills a freshly created, empty SQLite R*Tree virtual table with all its entries at once by
/// writing its shadow tables (`_node`, `_parent`, `_rowid`) directly: full nodes packed in
/// Hilbert order, the way GDAL bulk-loads GeoPackage indexes.
///
/// Inserting through the virtual table runs the R*Tree insertion (choose a subtree, split,
/// reinsert) per row, about 13 µs a point: most of a bulk import's time. Packing is a sort and a
/// write. The result is an ordinary R*Tree that SQLite (and SpatiaLite's triggers) go on
/// updating row by row; `rtreecheck()` accepts it.
///
/// The format is SQLite's (ext/rtree): node 1 is the root and starts with the tree's depth
/// (big-endian 16 bits; a leaf root has depth 0); every node then holds its cell count
/// (16 bits) and its cells, each a 64-bit id (a rowid in a leaf, a node number above) and per
/// axis the minimum and maximum as 32-bit floats, all big-endian; every node is as long as
/// the root. Minima are rounded down and maxima up to floats, as SQLite does, so a box always
/// covers its shape.
struct RTreeBulkLoader {
    /// One leaf entry: a row and its box.
    struct Entry {
        var id: Int64
        var minX: Float, maxX: Float, minY: Float, maxY: Float

        /// The box of a row's shape, rounded outwards to floats.
        init(id: Int64, minX: Double, maxX: Double, minY: Double, maxY: Double) {
            self.id = id
            self.minX = Self.down(minX); self.maxX = Self.up(maxX)
            self.minY = Self.down(minY); self.maxY = Self.up(maxY)
        }

        init(id: Int64, minX: Float, maxX: Float, minY: Float, maxY: Float) {
            self.id = id
            self.minX = minX; self.maxX = maxX; self.minY = minY; self.maxY = maxY
        }

        static func down(_ d: Double) -> Float { let f = Float(d); return Double(f) > d ? f.nextDown : f }
        static func up(_ d: Double) -> Float { let f = Float(d); return Double(f) < d ? f.nextUp : f }
    }

    let db: Database
    /// The virtual table's name; its shadow tables are `<name>_node` and so on.
    let table: String

    /// One of the tree's shadow tables, quoted.
    private func shadow(_ suffix: String) -> String { Database.quoted(table + suffix) }

    /// Replaces the (empty) tree's nodes with a packed tree of `entries`.
    func load(_ entries: [Entry]) throws(DatabaseError) {
        guard !entries.isEmpty else { return }
        guard case .integer(let size)? = try db.scalar("SELECT length(data) FROM \(shadow("_node")) WHERE nodeno = 1"), size > 28 else {
            throw DatabaseError(code: 1, message: "\(table) is not an empty two-dimensional R*Tree")
        }
        let nodeSize = Int(size)
        let capacity = (nodeSize - 4) / 24
        let levels = Self.pack(Self.hilbertOrdered(entries), capacity: capacity)
        // Nodes are numbered from the root down, level by level: the root is 1.
        var first = [Int](repeating: 0, count: levels.count)
        var next = 1
        for level in stride(from: levels.count - 1, through: 0, by: -1) {
            first[level] = next
            next += levels[level].count
        }
        try db.execute("DELETE FROM \(shadow("_node"))")
        let node = try db.prepare("INSERT INTO \(shadow("_node"))(nodeno, data) VALUES (?, ?)")
        let parent = try db.prepare("INSERT INTO \(shadow("_parent"))(nodeno, parentnode) VALUES (?, ?)")
        var blob = [UInt8](repeating: 0, count: nodeSize)
        var leafOf: [(id: Int64, node: Int64)] = []
        leafOf.reserveCapacity(entries.count)
        for (level, nodes) in levels.enumerated() {
            for (k, cells) in nodes.enumerated() {
                let number = Int64(first[level] + k)
                for i in blob.indices { blob[i] = 0 }
                if number == 1 { Self.put16(UInt16(levels.count - 1), &blob, at: 0) }
                Self.put16(UInt16(cells.count), &blob, at: 2)
                var at = 4
                for cell in cells {
                    // Above the leaves a cell's id is its child's index on the level below.
                    let id = level == 0 ? cell.id : Int64(first[level - 1]) + cell.id
                    Self.put64(UInt64(bitPattern: id), &blob, at: at)
                    Self.put32(cell.minX.bitPattern, &blob, at: at + 8)
                    Self.put32(cell.maxX.bitPattern, &blob, at: at + 12)
                    Self.put32(cell.minY.bitPattern, &blob, at: at + 16)
                    Self.put32(cell.maxY.bitPattern, &blob, at: at + 20)
                    at += 24
                    if level == 0 { leafOf.append((cell.id, number)) }
                }
                try Self.run(node, number, blob: blob)
                if level < levels.count - 1 {
                    try Self.run(parent, number, Int64(first[level + 1] + k / capacity))
                }
            }
        }
        // Rowids in order: the rowid table's B-tree is appended to, not split at random.
        leafOf.sort { $0.id < $1.id }
        let rowid = try db.prepare("INSERT INTO \(shadow("_rowid"))(rowid, nodeno) VALUES (?, ?)")
        for (id, number) in leafOf { try Self.run(rowid, id, number) }
    }

    /// Entries sorted along a Hilbert curve over their centres, so neighbours share nodes.
    static func hilbertOrdered(_ entries: [Entry]) -> [Entry] {
        var minX = Float.infinity, minY = Float.infinity, maxX = -Float.infinity, maxY = -Float.infinity
        for e in entries {
            minX = min(minX, e.minX); minY = min(minY, e.minY); maxX = max(maxX, e.maxX); maxY = max(maxY, e.maxY)
        }
        let w = Double(max(maxX - minX, 1e-30)), h = Double(max(maxY - minY, 1e-30))
        let scale = Double((1 << 16) - 1)
        var keyed = entries.map { e -> (key: UInt32, entry: Entry) in
            let cx = (Double(e.minX) + Double(e.maxX)) / 2 - Double(minX)
            let cy = (Double(e.minY) + Double(e.maxY)) / 2 - Double(minY)
            let x = UInt32(min(scale, max(0, scale * cx / w)))
            let y = UInt32(min(scale, max(0, scale * cy / h)))
            return (PackedRTree.hilbert(x, y), e)
        }
        keyed.sort { $0.key < $1.key || ($0.key == $1.key && $0.entry.id < $1.entry.id) }
        return keyed.map(\.entry)
    }

    /// The tree's levels, leaves first, each a list of nodes; above the leaves a cell's id is
    /// the index of its child on the level below. The last level is the root alone.
    static func pack(_ leaves: [Entry], capacity: Int) -> [[[Entry]]] {
        var levels: [[[Entry]]] = []
        var cells = leaves
        repeat {
            let nodes = stride(from: 0, to: cells.count, by: capacity).map { Array(cells[$0..<min($0 + capacity, cells.count)]) }
            levels.append(nodes)
            cells = nodes.enumerated().map { k, node in
                var e = Entry(id: Int64(k), minX: Float.infinity, maxX: -Float.infinity, minY: Float.infinity, maxY: -Float.infinity)
                for c in node {
                    e.minX = min(e.minX, c.minX); e.maxX = max(e.maxX, c.maxX)
                    e.minY = min(e.minY, c.minY); e.maxY = max(e.maxY, c.maxY)
                }
                return e
            }
        } while levels.last!.count > 1
        return levels
    }

    private static func put16(_ v: UInt16, _ b: inout [UInt8], at i: Int) {
        b[i] = UInt8(v >> 8); b[i + 1] = UInt8(truncatingIfNeeded: v)
    }

    private static func put32(_ v: UInt32, _ b: inout [UInt8], at i: Int) {
        for k in 0..<4 { b[i + k] = UInt8(truncatingIfNeeded: v >> (24 - 8 * k)) }
    }

    private static func put64(_ v: UInt64, _ b: inout [UInt8], at i: Int) {
        for k in 0..<8 { b[i + k] = UInt8(truncatingIfNeeded: v >> (56 - 8 * k)) }
    }

    private static func run(_ s: Statement, _ a: Int64, blob: [UInt8]) throws(DatabaseError) {
        sqlite3_reset(s.handle)
        sqlite3_bind_int64(s.handle, 1, a)
        let rc = blob.withUnsafeBytes { sqlite3_bind_blob(s.handle, 2, $0.baseAddress, Int32($0.count), wangge_sqlite_transient()) }
        guard rc == SQLITE_OK else { throw s.database.error(rc, sql: s.sql) }
        try s.run()
    }

    private static func run(_ s: Statement, _ a: Int64, _ b: Int64) throws(DatabaseError) {
        sqlite3_reset(s.handle)
        sqlite3_bind_int64(s.handle, 1, a)
        sqlite3_bind_int64(s.handle, 2, b)
        try s.run()
    }
}
