/// A static, packed Hilbert R-tree over boxes (after flatbush): built once, searched many times,
/// returning the integer positions of the boxes it was built from.
///
/// The whole tree is two flat arrays; node size 16.
public struct PackedRTree: Sendable {
    @usableFromInline static let nodeSize = 16
    /// minX, minY, maxX, maxY per entry: leaves first (in Hilbert order), then each level up.
    @usableFromInline var boxes: [Double]
    /// For a leaf entry the item's position; for a node entry the entry index of its first child.
    @usableFromInline var indices: [Int32]
    /// Entry index one past the end of each level, leaves first.
    @usableFromInline var levelEnds: [Int]
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
        levelEnds = ends
        boxes = [Double](repeating: 0, count: total * 4)
        indices = [Int32](repeating: 0, count: total)
        guard !items.isEmpty else { return }

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
            boxes[pos * 4] = b.minLon
            boxes[pos * 4 + 1] = b.minLat
            boxes[pos * 4 + 2] = b.maxLon
            boxes[pos * 4 + 3] = b.maxLat
            indices[pos] = Int32(item)
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
                    minX = Swift.min(minX, boxes[child * 4]); minY = Swift.min(minY, boxes[child * 4 + 1])
                    maxX = Swift.max(maxX, boxes[child * 4 + 2]); maxY = Swift.max(maxY, boxes[child * 4 + 3])
                    child += 1
                }
                boxes[out * 4] = minX; boxes[out * 4 + 1] = minY
                boxes[out * 4 + 2] = maxX; boxes[out * 4 + 3] = maxY
                indices[out] = Int32(first)
                out += 1
            }
            start = end
        }
    }

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
        guard count > 0 else { return }
        // Pending nodes live in a stack buffer: at most fan-out × depth entries are ever
        // pending, so a query never touches the heap.
        let capacity = Self.nodeSize * levelEnds.count + 1
        withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity) { pending in
            boxes.withUnsafeBufferPointer { bx in
                indices.withUnsafeBufferPointer { ix in
                    levelEnds.withUnsafeBufferPointer { ends in
                        var top = 0
                        var node = ix.count - 1
                        var level = ends.count - 1
                        while true {
                            let end = Swift.min(node &+ Self.nodeSize, ends[level])
                            var pos = node
                            while pos < end {
                                let b = pos &* 4
                                if !(maxX < bx[b] || maxY < bx[b &+ 1] || minX > bx[b &+ 2] || minY > bx[b &+ 3]) {
                                    if level == 0 {
                                        visit(ix[pos])
                                    } else {
                                        pending[top] = Int(ix[pos]) << 8 | (level &- 1)
                                        top &+= 1
                                    }
                                }
                                pos &+= 1
                            }
                            if top == 0 { return }
                            top &-= 1
                            node = pending[top] >> 8
                            level = pending[top] & 0xFF
                        }
                    }
                }
            }
        }
    }

    /// A 16-bit-per-axis Hilbert curve index (the bit-twiddling of flatbush / rawrunprotected).
    static func hilbert(_ x: UInt32, _ y: UInt32) -> UInt32 {
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
