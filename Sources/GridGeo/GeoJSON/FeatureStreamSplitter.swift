/// Splits a GeoJSON byte stream into the bytes of one Feature at a time, so a file of any size
/// is read with memory bounded by its largest feature.
///
/// Accepts, in any mix: a FeatureCollection (its `features` array is streamed), a single
/// Feature, and GeoJSON text sequences — one Feature a line (`.geojsonl`) or RFC 8141 records
/// separated by RS (0x1E). The caller feeds chunks as they are read and parses each piece.
public struct FeatureStreamSplitter {
    /// The bytes of one feature, its 1-based position in the stream and the line it starts on.
    public struct Piece: Sendable {
        public var bytes: [UInt8]
        public var index: Int
        public var line: Int
    }

    /// Whether a declared CRS name means longitude/latitude degrees on WGS-84 or CGCS2000
    /// (CRS84, EPSG:4326, EPSG:4490), the only coordinates Wangge reads.
    public static func isGeographicLonLat(_ name: String) -> Bool {
        let n = name.uppercased()
        return n.hasSuffix("CRS84") || n.hasSuffix(":4326") || n.hasSuffix(":4490") || n == "EPSG:4326" || n == "EPSG:4490"
    }

    public struct SplitError: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    private var depth = 0
    private var inString = false
    private var escaped = false
    private var line = 1
    // The top-level value being read (a Feature, or a FeatureCollection without its features).
    private var top: [UInt8] = []
    private var topLine = 1
    private var topExpectsKey = false
    private var recordingKey = false
    private var key: [UInt8] = []
    private var lastKey: [UInt8] = []
    private var valueFollowsFeaturesKey = false
    private var inFeaturesArray = false
    private var sawFeaturesArray = false
    // The feature being read from inside a FeatureCollection.
    private var feature: [UInt8] = []
    private var featureLine = 1
    private var count = 0
    private var pieces: [Piece] = []

    /// The coordinate reference system a FeatureCollection declares in its (pre-RFC 7946, still
    /// written by GDAL and QGIS) `crs` member, e.g. `urn:ogc:def:crs:EPSG::4547`; known once the
    /// collection has been read to its end.
    public private(set) var declaredCRS: String?

    public init() {}

    /// Feeds the next chunk; returns the features completed by it.
    public mutating func feed(_ chunk: [UInt8]) throws(SplitError) -> [Piece] {
        try feed(chunk[...])
    }

    /// Feeds the next chunk; returns the features completed by it.
    public mutating func feed(_ chunk: ArraySlice<UInt8>) throws(SplitError) -> [Piece] {
        do {
            try chunk.withUnsafeBufferPointer { bytes throws(SplitError) in try feed(bytes) }
        } catch {
            pieces.removeAll(keepingCapacity: true)
            throw error
        }
        defer { pieces.removeAll(keepingCapacity: true) }
        return pieces
    }

    private mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) throws(SplitError) {
        var i = 0
        let n = bytes.count
        while i < n {
            if inString && !escaped && !recordingKey {
                // Most of a feature's bytes are inside strings: the run up to the next quote,
                // backslash or newline needs no decision byte by byte, and goes over whole.
                var j = i
                while j < n {
                    let c = bytes[j]
                    if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c == 0x0A { break }
                    j += 1
                }
                if j > i {
                    let run = UnsafeBufferPointer(rebasing: bytes[i..<j])
                    if capturingFeature { feature.append(contentsOf: run) } else if depth > 0 { top.append(contentsOf: run) }
                    i = j
                    continue
                }
            }
            try step(bytes[i])
            i += 1
        }
    }

    /// Ends the stream; refuses a truncated value.
    public mutating func finish() throws(SplitError) {
        if depth > 0 || inString {
            throw SplitError(line: topLine, reason: "the file ends inside a JSON value begun on line \(topLine) (truncated?)")
        }
    }

    private var capturingFeature: Bool { inFeaturesArray && depth >= 3 }

    private mutating func append(_ c: UInt8) {
        if capturingFeature { feature.append(c) } else if depth > 0 { top.append(c) }
    }

    private mutating func step(_ c: UInt8) throws(SplitError) {
        if c == 0x0A { line += 1 }
        if inString {
            append(c)
            if escaped {
                escaped = false
                if recordingKey { key.append(c) }
            } else if c == UInt8(ascii: "\\") {
                escaped = true
                if recordingKey { key.append(c) }
            } else if c == UInt8(ascii: "\"") {
                inString = false
                if recordingKey { recordingKey = false; lastKey = key }
            } else if recordingKey {
                key.append(c)
            }
            return
        }
        switch c {
        case 0x20, 0x09, 0x0A, 0x0D, 0x1E:
            if depth > 0 { append(c) }
        case UInt8(ascii: "\""):
            guard depth > 0 else { throw SplitError(line: line, reason: "text outside of a JSON object") }
            inString = true
            if depth == 1 && topExpectsKey { recordingKey = true; key.removeAll(keepingCapacity: true) }
            valueFollowsFeaturesKey = false
            append(c)
        case UInt8(ascii: ":"):
            if depth == 1 {
                topExpectsKey = false
                valueFollowsFeaturesKey = lastKey == Array("features".utf8)
            }
            append(c)
        case UInt8(ascii: ","):
            if depth == 1 { topExpectsKey = true }
            if inFeaturesArray && depth == 2 { return }
            append(c)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            if depth == 0 {
                guard c == UInt8(ascii: "{") else {
                    throw SplitError(line: line, reason: "expected a Feature or FeatureCollection object, found an array")
                }
                top.removeAll(keepingCapacity: true)
                top.append(c)
                topLine = line
                topExpectsKey = true
                sawFeaturesArray = false
                depth = 1
                return
            }
            if depth == 1 && valueFollowsFeaturesKey && c == UInt8(ascii: "[") {
                valueFollowsFeaturesKey = false
                inFeaturesArray = true
                sawFeaturesArray = true
                top.append(c)
                depth = 2
                return
            }
            valueFollowsFeaturesKey = false
            if inFeaturesArray && depth == 2 {
                guard c == UInt8(ascii: "{") else {
                    throw SplitError(line: line, reason: "features[\(count)] is an array, not a Feature object")
                }
                feature.removeAll(keepingCapacity: true)
                featureLine = line
            }
            depth += 1
            append(c)
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            guard depth > 0 else { throw SplitError(line: line, reason: "unbalanced '\(Character(Unicode.Scalar(c)))'") }
            if inFeaturesArray && depth == 2 {
                inFeaturesArray = false
                depth = 1
                top.append(c)
                return
            }
            append(c)
            depth -= 1
            if inFeaturesArray && depth == 2 {
                count += 1
                pieces.append(Piece(bytes: feature, index: count, line: featureLine))
            } else if depth == 0 {
                try endTop()
            }
        default:
            guard depth > 0 else {
                throw SplitError(line: line, reason: "unexpected '\(Character(Unicode.Scalar(c)))' outside of a JSON object")
            }
            if inFeaturesArray && depth == 2 {
                throw SplitError(line: line, reason: "features[\(count)] is not a Feature object")
            }
            valueFollowsFeaturesKey = false
            append(c)
        }
    }

    private mutating func endTop() throws(SplitError) {
        if sawFeaturesArray {
            // The collection's own members, features left out: check it really is one.
            guard let v = try? JSONParser.parse(top), v["type"]?.stringValue == "FeatureCollection" else {
                throw SplitError(line: topLine, reason: "an object with a 'features' array must have type 'FeatureCollection'")
            }
            if let name = v["crs"]?["properties"]?["name"]?.stringValue { declaredCRS = name }
        } else {
            count += 1
            pieces.append(Piece(bytes: top, index: count, line: topLine))
        }
        top.removeAll(keepingCapacity: true)
    }
}
