#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GridGeo
import GridModel

/// `wangge locate --batch`: reads `lon,lat` lines, writes
/// `lon,lat,building,grid,community,street,district,unit` lines in input order.
///
/// Works on raw bytes end to end (no String per line, ids pre-encoded), since a whole-process
/// run over a million points is dominated by parsing and writing, not placing.
public struct BatchLocator {
    public let locator: Locator
    public let crs: CoordinateSystem
    private let buildingBytes: [[UInt8]]
    private let areaBytes: [[UInt8]]
    private let unitBytes: [[UInt8]]

    public static let header = "lon,lat,building,grid,community,street,district,unit"

    public init(locator: Locator, crs: CoordinateSystem = .wgs84) {
        self.locator = locator
        self.crs = crs
        buildingBytes = locator.buildings.map { Array($0.id.utf8) }
        areaBytes = locator.areas.map { Array($0.id.utf8) }
        unitBytes = locator.units.map { Array($0.id.utf8) }
    }

    /// Lines placed together: enough for Hilbert ordering to pay, small enough to bound memory.
    static let blockLines = 1 << 18

    /// Processes everything from `input` to `output` (file descriptors). Bad lines are passed to
    /// `badLine` with their 1-based number and produce a line of empty fields.
    /// Returns the number of lines written.
    @discardableResult
    public func run(input: Int32, output: Int32, badLine: (Int, String) -> Void) throws -> Int {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var block = Block()
        var out: [UInt8] = []
        out.reserveCapacity(1 << 22)
        var lineNumber = 0
        var carry: [UInt8] = []
        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0 { throw BatchError.io("read failed: \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            var start = 0
            for i in 0..<n where buffer[i] == 0x0A {
                lineNumber += 1
                if carry.isEmpty {
                    block.add(buffer[start..<i], line: lineNumber)
                } else {
                    carry.append(contentsOf: buffer[start..<i])
                    block.add(carry[...], line: lineNumber)
                    carry.removeAll(keepingCapacity: true)
                }
                start = i + 1
                if block.count == Self.blockLines {
                    try place(&block, into: &out, output: output, badLine: badLine)
                }
            }
            carry.append(contentsOf: buffer[start..<n])
        }
        if !carry.isEmpty {
            lineNumber += 1
            block.add(carry[...], line: lineNumber)
        }
        try place(&block, into: &out, output: output, badLine: badLine)
        return lineNumber
    }

    /// A block of input lines: their bytes, where each field lies, and the parsed point.
    struct Block {
        var bytes: [UInt8] = []
        var lon: [Range<Int>] = []
        var lat: [Range<Int>] = []
        var lons: [Double] = []
        var lats: [Double] = []
        /// nil for a good line, else why it is bad (with the line's text).
        var problems: [(line: Int, reason: String)?] = []
        var count: Int { lons.count }

        mutating func add(_ line: ArraySlice<UInt8>, line number: Int) {
            let base = bytes.count
            bytes.append(contentsOf: line)
            var end = bytes.count
            if end > base && bytes[end - 1] == 0x0D { end -= 1 }
            func reject(_ reason: String) {
                let text = String(decoding: bytes[base..<min(end, base + 80)], as: UTF8.self)
                lon.append(base..<base); lat.append(base..<base)
                lons.append(.nan); lats.append(.nan)
                problems.append((number, "\(reason), found '\(text)'"))
            }
            guard let comma = bytes[base..<end].firstIndex(of: UInt8(ascii: ",")) else { return reject("expected 'lon,lat'") }
            let latEnd = bytes[(comma + 1)..<end].firstIndex(of: UInt8(ascii: ",")) ?? end
            let lonRange = Self.trimmed(bytes, base, comma), latRange = Self.trimmed(bytes, comma + 1, latEnd)
            let parsed = bytes.withUnsafeBufferPointer { b in
                (DecimalParser.parse(UnsafeBufferPointer(rebasing: b[lonRange])), DecimalParser.parse(UnsafeBufferPointer(rebasing: b[latRange])))
            }
            guard let x = parsed.0, let y = parsed.1 else { return reject("lon and lat must be decimal numbers") }
            guard Coordinate(lon: x, lat: y).isValidLonLat else {
                return reject("lon/lat out of range (lon within ±180, lat within ±90; order is lon,lat)")
            }
            lon.append(lonRange); lat.append(latRange)
            lons.append(x); lats.append(y)
            problems.append(nil)
        }

        static func trimmed(_ b: [UInt8], _ lo: Int, _ hi: Int) -> Range<Int> {
            var lo = lo, hi = hi
            while lo < hi && (b[lo] == 0x20 || b[lo] == 0x09) { lo += 1 }
            while hi > lo && (b[hi - 1] == 0x20 || b[hi - 1] == 0x09) { hi -= 1 }
            return lo..<hi
        }

        mutating func clear() {
            bytes.removeAll(keepingCapacity: true)
            lon.removeAll(keepingCapacity: true); lat.removeAll(keepingCapacity: true)
            lons.removeAll(keepingCapacity: true); lats.removeAll(keepingCapacity: true)
            problems.removeAll(keepingCapacity: true)
        }
    }

    /// Places a block's points (converting their system first) and writes its lines in order.
    private func place(_ block: inout Block, into out: inout [UInt8], output: Int32,
                       badLine: (Int, String) -> Void) throws {
        guard block.count > 0 else { return }
        var lons = block.lons, lats = block.lats
        if crs != .wgs84 {
            for k in 0..<lons.count where !lons[k].isNaN {
                let w = crs.toWGS84(Coordinate(lon: lons[k], lat: lats[k]))
                lons[k] = w.lon
                lats[k] = w.lat
            }
        }
        let hits = locator.hits(lons: lons, lats: lats)
        for k in 0..<block.count {
            if let p = block.problems[k] {
                badLine(p.line, p.reason)
                out.append(contentsOf: Self.emptyLine)
            } else {
                append(hits[k], lon: block.bytes[block.lon[k]], lat: block.bytes[block.lat[k]], into: &out)
            }
            if out.count > 1 << 22 { try flush(&out, to: output) }
        }
        try flush(&out, to: output)
        block.clear()
    }

    private static let emptyLine = Array(",,,,,,,\n".utf8)

    private func append(_ h: Locator.Hit, lon: ArraySlice<UInt8>, lat: ArraySlice<UInt8>, into out: inout [UInt8]) {
        out.append(contentsOf: lon)
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: lat)
        out.append(UInt8(ascii: ","))
        if h.building >= 0 { out.append(contentsOf: buildingBytes[Int(h.building)]) }
        func area(_ a: Int32) {
            out.append(UInt8(ascii: ","))
            if a >= 0 { out.append(contentsOf: areaBytes[Int(a)]) }
        }
        area(h.areas.5)
        area(h.areas.4)
        area(h.areas.3)
        area(h.areas.2)
        out.append(UInt8(ascii: ","))
        if h.unit >= 0 { out.append(contentsOf: unitBytes[Int(h.unit)]) }
        out.append(0x0A)
    }

    private func flush(_ out: inout [UInt8], to fd: Int32) throws {
        var offset = 0
        while offset < out.count {
            let w = out.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if w < 0 {
                if errno == EINTR { continue }
                throw BatchError.io("write failed: \(String(cString: strerror(errno)))")
            }
            offset += w
        }
        out.removeAll(keepingCapacity: true)
    }
}

public enum BatchError: Error, CustomStringConvertible {
    case io(String)
    public var description: String {
        switch self { case .io(let s): s }
    }
}
