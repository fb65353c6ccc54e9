/// A Mapbox Vector Tile (MVT 2.1) being written: layers of features with geometry in tile
/// coordinates, clipped to the tile and a buffer around it, snapped to the tile's integer grid
/// (which simplifies to the zoom: points closer than a grid step merge), and encoded as the
/// specification's protocol buffer by hand.
public struct VectorTile: Sendable {
    /// Tile units per side (the specification's default).
    public let extent: Int
    /// Tile units kept beyond each edge, so that lines and outlines join across tiles.
    public let buffer: Int
    private var layers: [[UInt8]] = []

    public init(extent: Int = 4096, buffer: Int = 64) {
        self.extent = extent
        self.buffer = buffer
    }

    /// A property value as MVT types it.
    public enum Value: Hashable, Sendable {
        case string(String), double(Double), int(Int64), bool(Bool)
    }

    /// One layer: features are added, then `finish` writes it into the tile.
    public struct Layer {
        let name: String
        let extent: Int
        let low: Double, high: Double
        /// The encoded features, appended to in place (never copied per feature).
        var features = ProtobufWriter()
        var keys: [String] = []
        var keyIndex: [String: Int] = [:]
        var values: [Value] = []
        var valueIndex: [Value: Int] = [:]
        public private(set) var count = 0

        /// Adds a feature whose geometry is in tile coordinates (`WebMercatorTile.projection`);
        /// what falls outside the tile and its buffer is cut away, and a feature with nothing left
        /// is not written. Returns whether it was.
        @discardableResult
        public mutating func add(id: UInt64?, properties: [(String, Value)], geometry: TileGeometry) -> Bool {
            guard let encoded = encoded(geometry) else { return false }
            var tags: [UInt32] = []
            for (key, value) in properties {
                tags.append(UInt32(index(key: key)))
                tags.append(UInt32(index(value: value)))
            }
            add(id: id, tags: tags, geometry: encoded)
            return true
        }

        /// Values written already encoded (each a framed `Tile.Value`), after `values`.
        var encodedValues = ProtobufWriter()
        var encodedValueCount = 0

        /// Adds a feature whose tags are indexes into this layer's keys and values as given
        /// (`key(_:)`, `encodedValue(_:)`): the fast path of layers kept in memory, which
        /// encode each value once, not once a tile.
        public mutating func add(id: UInt64?, tags: [UInt32], geometry: EncodedGeometry) {
            // Written straight into the layer: the message's length is counted first.
            func packedSize(_ values: [UInt32]) -> Int {
                guard !values.isEmpty else { return 0 }
                let body = values.reduce(0) { $0 + ProtobufWriter.size(UInt64($1)) }
                return 1 + ProtobufWriter.size(UInt64(body)) + body
            }
            let size = (id.map { 1 + ProtobufWriter.size($0) } ?? 0) + packedSize(tags) + 1 + ProtobufWriter.size(UInt64(geometry.type))
                + packedSize(geometry.commands)
            features.key(2, 2)
            features.rawVarint(UInt64(size))
            if let id { features.varint(field: 1, id) }
            features.packed(field: 2, tags)
            features.varint(field: 3, UInt64(geometry.type))
            features.packed(field: 4, geometry.commands)
            count += 1
        }

        /// A geometry clipped, snapped and encoded for this layer; nil when nothing of it is left.
        public func encoded(_ g: TileGeometry) -> EncodedGeometry? {
            guard let (type, commands) = encode(g), !commands.isEmpty else { return nil }
            return EncodedGeometry(type: type, commands: commands)
        }

        /// A feature's geometry as MVT commands.
        public struct EncodedGeometry {
            let type: Int
            let commands: [UInt32]

            /// Commands made by the caller (a layer kept in memory writes a feature that lies
            /// wholly inside the tile without clipping): `type` 1 points, 2 lines, 3 polygons.
            public init(type: Int, commands: [UInt32]) {
                self.type = type
                self.commands = commands
            }
        }

        /// The index of a key, added if new.
        public mutating func key(_ name: String) -> UInt32 { UInt32(index(key: name)) }

        /// Adds a value already encoded as a `Tile.Value` message (`VectorTile.encoded(_:)`)
        /// and returns its index.
        public mutating func encodedValue(_ message: ArraySlice<UInt8>) -> UInt32 {
            encodedValues.bytes(field: 4, message)
            encodedValueCount += 1
            return UInt32(values.count + encodedValueCount - 1)
        }

        mutating func index(key: String) -> Int {
            if let k = keyIndex[key] { return k }
            keys.append(key)
            keyIndex[key] = keys.count - 1
            return keys.count - 1
        }

        mutating func index(value: Value) -> Int {
            if let k = valueIndex[value] { return k }
            values.append(value)
            valueIndex[value] = values.count - 1
            return values.count - 1
        }

        /// The geometry's type and command integers, or nil when nothing is left after clipping.
        func encode(_ g: TileGeometry) -> (Int, [UInt32])? {
            var w = CommandWriter()
            switch g {
            case .points(let points):
                let kept = points.filter { $0.x >= low && $0.x <= high && $0.y >= low && $0.y <= high }
                guard !kept.isEmpty else { return nil }
                w.points(kept)
                return (1, w.commands)
            case .lines(let lines):
                for line in lines {
                    for piece in TileClip.line(line, low: low, high: high) {
                        w.begin()
                        piece.forEach { w.add($0) }
                        w.endLine()
                    }
                }
                return w.commands.isEmpty ? nil : (2, w.commands)
            case .polygons(let polygons):
                for rings in polygons {
                    for (k, ring) in rings.enumerated() {
                        w.begin()
                        TileClip.ring(ring, low: low, high: high).forEach { w.add($0) }
                        // A degenerate exterior ring takes its holes with it.
                        if !w.endRing(exterior: k == 0), k == 0 { break }
                    }
                }
                return w.commands.isEmpty ? nil : (3, w.commands)
            }
        }

        /// MVT geometry commands for one feature, written a part at a time: points snapped to the
        /// tile's grid, a point equal to the one before dropped, rings turned as MVT 2.1 wants.
        /// `encode` uses it after clipping; a caller holding points that need no clipping (a layer
        /// kept in memory) writes with it directly.
        public struct CommandWriter {
            public private(set) var commands: [UInt32] = []
            @usableFromInline var cursor = (x: 0, y: 0)
            private var part: [(x: Int, y: Int)] = []

            public init() {}

            /// Empties the writer for the next feature, keeping its storage.
            public mutating func reset() {
                commands.removeAll(keepingCapacity: true)
                cursor = (0, 0)
            }

            /// Points, each snapped (none dropped).
            public mutating func points(_ points: [(x: Double, y: Double)]) {
                self.points(count: points.count) { points[$0] }
            }

            /// `count` points given one at a time by `point` (no array made for them).
            @inlinable
            public mutating func points(count: Int, _ point: (Int) -> (x: Double, y: Double)) {
                command(1, count)
                for k in 0..<count { delta(Layer.snap(point(k))) }
            }

            /// Starts a line or a ring.
            public mutating func begin() { part.removeAll(keepingCapacity: true) }

            /// Adds a point to the line or ring begun.
            public mutating func add(_ p: (x: Double, y: Double)) {
                let q = Layer.snap(p)
                if part.last.map({ $0 != q }) ?? true { part.append(q) }
            }

            /// Ends a line; one of fewer than two points is left out.
            public mutating func endLine() {
                guard part.count >= 2 else { return }
                command(1, 1)
                delta(part[0])
                command(2, part.count - 1)
                for q in part.dropFirst() { delta(q) }
            }

            /// Ends a ring (its closing point dropped); one of fewer than three points or no area
            /// is left out, and false returned. Exterior rings have positive area in tile
            /// coordinates (y down), holes negative.
            @discardableResult
            public mutating func endRing(exterior: Bool) -> Bool {
                if part.count > 1, part[0] == part[part.count - 1] { part.removeLast() }
                guard part.count >= 3 else { return false }
                let area = Layer.area(part)
                guard area != 0 else { return false }
                if exterior != (area > 0) { part.reverse() }
                command(1, 1)
                delta(part[0])
                command(2, part.count - 1)
                for q in part.dropFirst() { delta(q) }
                command(7, 1)
                return true
            }

            @usableFromInline mutating func command(_ id: UInt32, _ count: Int) { commands.append(id | UInt32(count) << 3) }

            @usableFromInline mutating func delta(_ p: (x: Int, y: Int)) {
                commands.append(Layer.zigzag(p.x - cursor.x))
                commands.append(Layer.zigzag(p.y - cursor.y))
                cursor = p
            }
        }

        @usableFromInline static func snap(_ p: (x: Double, y: Double)) -> (x: Int, y: Int) { (Int(p.x.rounded()), Int(p.y.rounded())) }

        /// Twice the signed area by the surveyor's formula.
        static func area(_ ring: [(x: Int, y: Int)]) -> Int {
            var sum = 0
            for i in ring.indices {
                let a = ring[i], b = ring[(i + 1) % ring.count]
                sum += a.x * b.y - b.x * a.y
            }
            return sum
        }

        @usableFromInline static func zigzag(_ n: Int) -> UInt32 { UInt32(truncatingIfNeeded: (n << 1) ^ (n >> 63)) }
    }

    /// A new layer for this tile.
    public func layer(_ name: String) -> Layer {
        Layer(name: name, extent: extent, low: Double(-buffer), high: Double(extent + buffer))
    }

    /// Writes a layer into the tile; an empty one is left out.
    public mutating func finish(_ layer: Layer) {
        guard layer.count > 0 else { return }
        var l = ProtobufWriter()
        l.varint(field: 15, 2)
        l.string(field: 1, layer.name)
        l.raw(layer.features.bytes)
        for key in layer.keys { l.string(field: 3, key) }
        for value in layer.values { l.bytes(field: 4, Self.encoded(value)) }
        l.raw(layer.encodedValues.bytes)
        l.varint(field: 5, UInt64(layer.extent))
        var t = ProtobufWriter(bytes: [])
        t.bytes(field: 3, l.bytes)
        layers.append(t.bytes)
    }

    /// The encoded tile.
    public var bytes: [UInt8] { layers.flatMap { $0 } }

    /// A value as its `Tile.Value` message.
    public static func encoded(_ value: Value) -> [UInt8] {
        var v = ProtobufWriter()
        switch value {
        case .string(let s): v.string(field: 1, s)
        case .double(let d): v.fixed64(field: 3, d.bitPattern)
        case .int(let i): v.varint(field: 6, UInt64(truncatingIfNeeded: (i << 1) ^ (i >> 63)))
        case .bool(let b): v.varint(field: 7, b ? 1 : 0)
        }
        return v.bytes
    }
}

/// Geometry in tile coordinates (x east, y down), before clipping.
public enum TileGeometry: Sendable {
    case points([(x: Double, y: Double)])
    case lines([[(x: Double, y: Double)]])
    /// Each polygon: its exterior ring, then its holes.
    case polygons([[[(x: Double, y: Double)]]])

    /// A WGS-84 geometry projected into a tile.
    public init(_ g: Geometry, _ project: (Coordinate) -> (x: Double, y: Double)) {
        switch g {
        case .point(let c): self = .points([project(c)])
        case .multiPoint(let cs): self = .points(cs.map(project))
        case .lineString(let cs): self = .lines([cs.map(project)])
        case .multiLineString(let ls): self = .lines(ls.map { $0.map(project) })
        case .polygon(let p): self = .polygons([p.rings.map { $0.map(project) }])
        case .multiPolygon(let m): self = .polygons(m.polygons.map { $0.rings.map { $0.map(project) } })
        }
    }
}

/// Cutting geometry to a square: Sutherland–Hodgman for rings (what MVT renderers expect:
/// outlines along the buffer's edge are invisible), Liang–Barsky for line pieces.
enum TileClip {
    static func ring(_ ring: [(x: Double, y: Double)], low: Double, high: Double) -> [(x: Double, y: Double)] {
        var points = ring
        if let f = points.first, let l = points.last, f == l { points.removeLast() }
        // Inside everything: nothing to cut (the common case for small features).
        if points.allSatisfy({ $0.x >= low && $0.x <= high && $0.y >= low && $0.y <= high }) { return points }
        for edge in 0..<4 {
            guard !points.isEmpty else { break }
            func inside(_ p: (x: Double, y: Double)) -> Bool {
                switch edge {
                case 0: p.x >= low
                case 1: p.x <= high
                case 2: p.y >= low
                default: p.y <= high
                }
            }
            func cut(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> (x: Double, y: Double) {
                switch edge {
                case 0, 1:
                    let x = edge == 0 ? low : high
                    return (x, a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x))
                default:
                    let y = edge == 2 ? low : high
                    return (a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y), y)
                }
            }
            var out: [(x: Double, y: Double)] = []
            out.reserveCapacity(points.count + 4)
            var previous = points[points.count - 1]
            for p in points {
                if inside(p) {
                    if !inside(previous) { out.append(cut(previous, p)) }
                    out.append(p)
                } else if inside(previous) {
                    out.append(cut(previous, p))
                }
                previous = p
            }
            points = out
        }
        return points
    }

    static func line(_ line: [(x: Double, y: Double)], low: Double, high: Double) -> [[(x: Double, y: Double)]] {
        var pieces: [[(x: Double, y: Double)]] = []
        var current: [(x: Double, y: Double)] = []
        for i in 1..<max(1, line.count) {
            let a = line[i - 1], b = line[i]
            var t0 = 0.0, t1 = 1.0
            let dx = b.x - a.x, dy = b.y - a.y
            var visible = true
            for (p, q) in [(-dx, a.x - low), (dx, high - a.x), (-dy, a.y - low), (dy, high - a.y)] {
                if p == 0 {
                    if q < 0 { visible = false; break }
                } else {
                    let r = q / p
                    if p < 0 { if r > t1 { visible = false; break } else if r > t0 { t0 = r } }
                    else { if r < t0 { visible = false; break } else if r < t1 { t1 = r } }
                }
            }
            guard visible else {
                if !current.isEmpty { pieces.append(current); current = [] }
                continue
            }
            let start = (x: a.x + t0 * dx, y: a.y + t0 * dy), end = (x: a.x + t1 * dx, y: a.y + t1 * dy)
            if current.isEmpty || t0 > 0 {
                if !current.isEmpty { pieces.append(current) }
                current = [start]
            }
            current.append(end)
            if t1 < 1 { pieces.append(current); current = [] }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}

/// The few protocol-buffer encodings MVT needs.
struct ProtobufWriter {
    var bytes: [UInt8]

    init(bytes: [UInt8] = []) { self.bytes = bytes }

    mutating func rawVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func key(_ field: Int, _ wireType: UInt64) { rawVarint(UInt64(field) << 3 | wireType) }

    mutating func varint(field: Int, _ value: UInt64) {
        key(field, 0)
        rawVarint(value)
    }

    mutating func fixed64(field: Int, _ value: UInt64) {
        key(field, 1)
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    mutating func bytes(field: Int, _ value: some Collection<UInt8>) {
        key(field, 2)
        rawVarint(UInt64(value.count))
        bytes += value
    }

    mutating func string(field: Int, _ value: String) { self.bytes(field: field, Array(value.utf8)) }

    mutating func packed(field: Int, _ values: [UInt32]) {
        guard !values.isEmpty else { return }
        key(field, 2)
        rawVarint(UInt64(values.reduce(0) { $0 + Self.size(UInt64($1)) }))
        for v in values { rawVarint(UInt64(v)) }
    }

    /// The bytes a varint takes.
    static func size(_ value: UInt64) -> Int { max(1, (64 - value.leadingZeroBitCount + 6) / 7) }

    mutating func raw(_ more: [UInt8]) { bytes += more }
}
