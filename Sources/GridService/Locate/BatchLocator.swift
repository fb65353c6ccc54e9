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

    /// Bytes read at a time; the lines in them are placed together, in place.
    static let chunkBytes = 1 << 22

    /// Processes everything from `input` to `output` (file descriptors). Bad lines are passed to
    /// `badLine` with their 1-based number and produce a line of empty fields.
    /// Returns the number of lines written.
    @discardableResult
    public func run(input: Int32, output: Int32, badLine: (Int, String) -> Void) throws -> Int {
        var buffer = [UInt8](repeating: 0, count: Self.chunkBytes)
        var filled = 0
        var block = Block()
        var out: [UInt8] = []
        out.reserveCapacity(Self.chunkBytes * 2)
        var lineNumber = 0
        var atEnd = false
        while !atEnd {
            if filled == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }  // a line longer than the buffer
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw BatchError.io("read failed: \(String(cString: strerror(errno)))")
            }
            atEnd = n == 0
            filled += n
            // Whole lines only; at the end, the unterminated last line too.
            var end = filled
            if !atEnd {
                guard let lastNewline = buffer[0..<filled].lastIndex(of: 0x0A) else { continue }
                end = lastNewline + 1
            }
            block.clear()
            buffer.withUnsafeBufferPointer { b in
                var start = 0
                while start < end {
                    var stop = start
                    while stop < end && b[stop] != 0x0A { stop += 1 }
                    lineNumber += 1
                    block.add(b, start, stop, line: lineNumber)
                    start = stop + 1
                }
            }
            try place(&block, buffer: buffer, into: &out, output: output, badLine: badLine)
            // Keep the partial line for the next read.
            let rest = filled - end
            if rest > 0 { buffer.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: $0.baseAddress! + end, byteCount: rest) } }
            filled = rest
        }
        return lineNumber
    }

    /// The lines of one chunk: where each field lies in the buffer, and the parsed point.
    struct Block {
        var lon: [Range<Int>] = []
        var lat: [Range<Int>] = []
        var lons: [Double] = []
        var lats: [Double] = []
        /// Lines that are bad, by position in the block, with why.
        var problems: [Int: (line: Int, reason: String)] = [:]
        var count: Int { lons.count }

        mutating func add(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int, line number: Int) {
            var end = stop
            if end > start && b[end - 1] == 0x0D { end -= 1 }
            func reject(_ reason: String) {
                let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<min(end, start + 80)]), as: UTF8.self)
                problems[lons.count] = (number, "\(reason), found '\(text)'")
                lon.append(start..<start); lat.append(start..<start)
                lons.append(.nan); lats.append(.nan)
            }
            // lon,lat — or lon and lat separated by a tab or spaces, as spreadsheets and GIS tools copy them.
            func blank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
            let line = Self.trimmed(b, start, end)
            var separator = line.lowerBound
            while separator < line.upperBound && b[separator] != UInt8(ascii: ",") { separator += 1 }
            var latStart = separator + 1
            if separator == line.upperBound {
                separator = line.lowerBound
                while separator < line.upperBound && !blank(b[separator]) { separator += 1 }
                guard separator < line.upperBound else { return reject("expected 'lon,lat' (or lon and lat separated by a tab or spaces)") }
                latStart = separator
            }
            while latStart < line.upperBound && blank(b[latStart]) { latStart += 1 }
            var latEnd = latStart
            while latEnd < line.upperBound && b[latEnd] != UInt8(ascii: ",") && !blank(b[latEnd]) { latEnd += 1 }
            let lonRange = Self.trimmed(b, line.lowerBound, separator), latRange = latStart..<latEnd
            guard let x = DecimalParser.parse(UnsafeBufferPointer(rebasing: b[lonRange])),
                  let y = DecimalParser.parse(UnsafeBufferPointer(rebasing: b[latRange])) else {
                return reject("lon and lat must be decimal numbers")
            }
            guard Coordinate(lon: x, lat: y).isValidLonLat else {
                return reject("lon/lat out of range (lon within ±180, lat within ±90; order is lon,lat)")
            }
            lon.append(lonRange); lat.append(latRange)
            lons.append(x); lats.append(y)
        }

        static func trimmed(_ b: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Range<Int> {
            var lo = lo, hi = hi
            while lo < hi && (b[lo] == 0x20 || b[lo] == 0x09) { lo += 1 }
            while hi > lo && (b[hi - 1] == 0x20 || b[hi - 1] == 0x09) { hi -= 1 }
            return lo..<hi
        }

        mutating func clear() {
            lon.removeAll(keepingCapacity: true); lat.removeAll(keepingCapacity: true)
            lons.removeAll(keepingCapacity: true); lats.removeAll(keepingCapacity: true)
            problems.removeAll(keepingCapacity: true)
        }
    }

    /// Places a block's points (converting their system first) and writes its lines in order.
    private func place(_ block: inout Block, buffer: [UInt8], into out: inout [UInt8], output: Int32,
                       badLine: (Int, String) -> Void) throws {
        guard block.count > 0 else { return }
        if crs != .wgs84 {
            for k in 0..<block.count where !block.lons[k].isNaN {
                let w = crs.toWGS84(Coordinate(lon: block.lons[k], lat: block.lats[k]))
                block.lons[k] = w.lon
                block.lats[k] = w.lat
            }
        }
        let hits = locator.hits(lons: block.lons, lats: block.lats)
        for k in 0..<block.count {
            if block.lons[k].isNaN, let p = block.problems[k] {
                badLine(p.line, p.reason)
                out.append(contentsOf: Self.emptyLine)
            } else {
                append(hits[k], lon: buffer[block.lon[k]], lat: buffer[block.lat[k]], into: &out)
            }
        }
        try flush(&out, to: output)
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
        try DescriptorOutput.write(out, to: fd)
        out.removeAll(keepingCapacity: true)
    }
}

public enum BatchError: Error, CustomStringConvertible {
    case io(String)
    public var description: String {
        switch self { case .io(let s): s }
    }
}
