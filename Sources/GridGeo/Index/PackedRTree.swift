/// A static, packed Hilbert R-tree over boxes (after flatbush): built once, searched many times,
/// returning the integer positions of the boxes it was built from.
///
/// The whole tree is two flat buffers; node size 16.
public final class PackedRTree: Sendable {
    @usableFromInline static let nodeSize = 16
    /// Deepest tree a search supports: 16^12 items is far beyond any map.
    @usableFromInline static let maxLevels = 12
    /// minX, minY, maxX, maxY per entry: leaves first (in Hilbert order), then each level up.
    @usableFromInline let boxes: FlatBuffer<Double>
    /// For a leaf entry the item's position; for a node entry the entry index of its first child.
    @usableFromInline let indices: FlatBuffer<Int32>
    /// Entry index one past the end of each level, leaves first.
    @usableFromInline let levelEnds: FlatBuffer<Int>
    @usableFromInline let levelCount: Int
    public let count: Int

    public init(_ items: [BoundingBox]) {
        count = items.count
        var ends = [items.count]
        var n = items.count
        var total = n
        repeat {
            n = (n + Self.nodeSize - 1) / Self.nodeSize
            total += n
            ends.append(total)
        } while n > 1
        precondition(ends.count <= Self.maxLevels && total < 1 << 28, "too many items for one tree")
        var bx = [Double](repeating: 0, count: total * 4)
        var ix = [Int32](repeating: 0, count: total)
        if !items.isEmpty {
            var extent = BoundingBox.empty
            for b in items { extent.extend(b) }
            let w = Swift.max(extent.maxLon - extent.minLon, 1e-12)
            let h = Swift.max(extent.maxLat - extent.minLat, 1e-12)
            let hilbertMax = Double((1 << 16) - 1)
            let keys = items.map { b -> UInt32 in
                let x = UInt32(hilbertMax * ((b.minLon + b.maxLon) / 2 - extent.minLon) / w)
                let y = UInt32(hilbertMax * ((b.minLat + b.maxLat) / 2 - extent.minLat) / h)
                return Self.hilbert(x, y)
            }
            let order = (0..<items.count).sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
            for (pos, item) in order.enumerated() {
                let b = items[item]
                bx[pos * 4] = b.minLon
                bx[pos * 4 + 1] = b.minLat
                bx[pos * 4 + 2] = b.maxLon
                bx[pos * 4 + 3] = b.maxLat
                ix[pos] = Int32(item)
            }
            var start = 0
            var out = items.count
            for level in 0..<(ends.count - 1) {
                let end = ends[level]
                var child = start
                while child < end {
                    var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
                    let first = child
                    let stop = Swift.min(child + Self.nodeSize, end)
                    while child < stop {
                        minX = Swift.min(minX, bx[child * 4]); minY = Swift.min(minY, bx[child * 4 + 1])
                        maxX = Swift.max(maxX, bx[child * 4 + 2]); maxY = Swift.max(maxY, bx[child * 4 + 3])
                        child += 1
                    }
                    bx[out * 4] = minX; bx[out * 4 + 1] = minY
                    bx[out * 4 + 2] = maxX; bx[out * 4 + 3] = maxY
                    ix[out] = Int32(first)
                    out += 1
                }
                start = end
            }
        }
        boxes = FlatBuffer(bx)
        indices = FlatBuffer(ix)
        levelEnds = FlatBuffer(ends)
        levelCount = ends.count
    }

    /// A tree from its tables (read from an image).
    init(boxes: FlatBuffer<Double>, indices: FlatBuffer<Int32>, levelEnds: FlatBuffer<Int>, count: Int) {
        self.boxes = boxes
        self.indices = indices
        self.levelEnds = levelEnds
        levelCount = levelEnds.count
        self.count = count
    }

    var bytes: Int { boxes.bytes + indices.bytes }

    /// Calls `visit` with the position of every item whose box contains the point.
    @inlinable public func search(x: Double, y: Double, _ visit: (Int32) -> Void) {
        search(minX: x, minY: y, maxX: x, maxY: y, visit)
    }

    public func search(_ box: BoundingBox, _ visit: (Int32) -> Void) {
        search(minX: box.minLon, minY: box.minLat, maxX: box.maxLon, maxY: box.maxLat, visit)
    }

    /// Calls `visit` with the position of every item whose box intersects the query box.
    @inlinable public func search(minX: Double, minY: Double, maxX: Double, maxY: Double,
                                  _ visit: (Int32) -> Void) {
        _ = search(minX: minX, minY: minY, maxX: maxX, maxY: maxY) { visit($0); return true }
    }

    /// Calls `visit` with the position of items whose box intersects the query box while it
    /// returns true; returns false when it stopped the search.
    @inlinable public func search(minX: Double, minY: Double, maxX: Double, maxY: Double,
                                  while visit: (Int32) -> Bool) -> Bool {
        guard count > 0 else { return true }
        let bx = boxes.base, ix = indices.base, ends = levelEnds.base
        // At most (fan-out − 1) × depth + 1 nodes are ever pending: a constant-size buffer of
        // (entry << 4 | level), small enough (< 1 KiB) to live on the stack.
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16 * 12 + 1) { pending in
            var top = 0
            var node = levelEnds[levelCount - 1] - 1
            var level = levelCount - 1
            while true {
                let end = Swift.min(node &+ Self.nodeSize, ends[level])
                var pos = node
                while pos < end {
                    let b = pos &* 4
                    if !(maxX < bx[b] || maxY < bx[b &+ 1] || minX > bx[b &+ 2] || minY > bx[b &+ 3]) {
                        if level == 0 {
                            if !visit(ix[pos]) { return false }
                        } else {
                            pending[top] = UInt32(ix[pos]) << 4 | UInt32(level &- 1)
                            top &+= 1
                        }
                    }
                    pos &+= 1
                }
                if top == 0 { return true }
                top &-= 1
                node = Int(pending[top] >> 4)
                level = Int(pending[top] & 0xF)
            }
        }
    }

    /// A 16-bit-per-axis Hilbert curve index (the bit-twiddling of flatbush / rawrunprotected).
    public static func hilbert(_ x: UInt32, _ y: UInt32) -> UInt32 {
        var a = x ^ y
        var b = 0xFFFF ^ a
        var c = 0xFFFF ^ (x | y)
        var d = x & (y ^ 0xFFFF)
        var A = a | (b >> 1)
        var B = (a >> 1) ^ a
        var C = ((c >> 1) ^ (b & (d >> 1))) ^ c
        var D = ((a & (c >> 1)) ^ (d >> 1)) ^ d
        a = A; b = B; c = C; d = D
        A = (a & (a >> 2)) ^ (b & (b >> 2))
        B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2))
        C ^= (a & (c >> 2)) ^ (b & (d >> 2))
        D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2))
        a = A; b = B; c = C; d = D
        A = (a & (a >> 4)) ^ (b & (b >> 4))
        B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4))
        C ^= (a & (c >> 4)) ^ (b & (d >> 4))
        D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4))
        a = A; b = B; c = C; d = D
        C ^= (a & (c >> 8)) ^ (b & (d >> 8))
        D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8))
        a = C ^ (C >> 1)
        b = D ^ (D >> 1)
        var i0 = x ^ y
        var i1 = b | (0xFFFF ^ (i0 | a))
        i0 = (i0 | (i0 << 8)) & 0x00FF00FF
        i0 = (i0 | (i0 << 4)) & 0x0F0F0F0F
        i0 = (i0 | (i0 << 2)) & 0x33333333
        i0 = (i0 | (i0 << 1)) & 0x55555555
        i1 = (i1 | (i1 << 8)) & 0x00FF00FF
        i1 = (i1 | (i1 << 4)) & 0x0F0F0F0F
        i1 = (i1 | (i1 << 2)) & 0x33333333
        i1 = (i1 | (i1 << 1)) & 0x55555555
        return (i1 << 1) | i0
    }
}
