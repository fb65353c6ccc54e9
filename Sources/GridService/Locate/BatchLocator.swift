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

    /// Processes everything from `input` to `output` (file descriptors). Bad lines are passed to
    /// `badLine` with their 1-based number and produce a line of empty fields.
    /// Returns the number of lines written.
    @discardableResult
    public func run(input: Int32, output: Int32, badLine: (Int, String) -> Void) throws -> Int {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var carry: [UInt8] = []
        var out: [UInt8] = []
        out.reserveCapacity(1 << 21)
        var lineNumber = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0 { throw BatchError.io("read failed: \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            var start = 0
            buffer.withUnsafeBufferPointer { b in
                for i in 0..<n where b[i] == 0x0A {
                    lineNumber += 1
                    if carry.isEmpty {
                        process(UnsafeBufferPointer(rebasing: b[start..<i]), line: lineNumber, into: &out, badLine: badLine)
                    } else {
                        carry.append(contentsOf: b[start..<i])
                        carry.withUnsafeBufferPointer { process($0, line: lineNumber, into: &out, badLine: badLine) }
                        carry.removeAll(keepingCapacity: true)
                    }
                    start = i + 1
                }
                carry.append(contentsOf: b[start..<n])
            }
            try flush(&out, to: output)
        }
        if !carry.isEmpty {
            lineNumber += 1
            carry.withUnsafeBufferPointer { process($0, line: lineNumber, into: &out, badLine: badLine) }
        }
        try flush(&out, to: output)
        return lineNumber
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

    private func process(_ line: UnsafeBufferPointer<UInt8>, line number: Int, into out: inout [UInt8],
                         badLine: (Int, String) -> Void) {
        var end = line.count
        if end > 0 && line[end - 1] == 0x0D { end -= 1 }
        guard let comma = line[0..<end].firstIndex(of: UInt8(ascii: ",")) else {
            fail(line, end, number, "expected 'lon,lat'", &out, badLine)
            return
        }
        let lonText = Self.trimmed(line, 0, comma)
        var latEnd = end
        if let second = line[(comma + 1)..<end].firstIndex(of: UInt8(ascii: ",")) { latEnd = second }
        let latText = Self.trimmed(line, comma + 1, latEnd)
        guard let lon = DecimalParser.parse(UnsafeBufferPointer(rebasing: line[lonText])),
              let lat = DecimalParser.parse(UnsafeBufferPointer(rebasing: line[latText])) else {
            fail(line, end, number, "lon and lat must be decimal numbers", &out, badLine)
            return
        }
        let c = Coordinate(lon: lon, lat: lat)
        guard c.isValidLonLat else {
            fail(line, end, number, "lon/lat out of range (lon within ±180, lat within ±90; order is lon,lat)", &out, badLine)
            return
        }
        let w = crs == .wgs84 ? c : crs.toWGS84(c)
        let h = locator.hit(lon: w.lon, lat: w.lat)
        out.append(contentsOf: line[lonText])
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: line[latText])
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

    private func fail(_ line: UnsafeBufferPointer<UInt8>, _ end: Int, _ number: Int, _ reason: String,
                      _ out: inout [UInt8], _ badLine: (Int, String) -> Void) {
        let text = String(decoding: UnsafeBufferPointer(rebasing: line[0..<Swift.min(end, 80)]), as: UTF8.self)
        badLine(number, "\(reason), found '\(text)'")
        out.append(contentsOf: Array(",,,,,,,\n".utf8))
    }

    private static func trimmed(_ b: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Range<Int> {
        var lo = lo, hi = hi
        while lo < hi && (b[lo] == 0x20 || b[lo] == 0x09) { lo += 1 }
        while hi > lo && (b[hi - 1] == 0x20 || b[hi - 1] == 0x09) { hi -= 1 }
        return lo..<hi
    }
}

public enum BatchError: Error, CustomStringConvertible {
    case io(String)
    public var description: String {
        switch self { case .io(let s): s }
    }
}
