#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import GridGeo
import GridModel
import GridService

/// One libFuzzer entry point for every reader of outside input; `WANGGE_FUZZ` picks which:
/// address, json, csv, geojson, params, cql2. Each must never trap, whatever the bytes; where a
/// reader promises a property (JSON written and read back is the same value), it is checked.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    switch Target.current {
    case .address: Target.address(bytes)
    case .json: Target.json(bytes)
    case .csv: Target.csv(bytes)
    case .geojson: Target.geojson(bytes)
    case .params: Target.params(bytes)
    case .cql2: Target.cql2(bytes)
    }
    return 0
}

enum Target: String, CaseIterable {
    case address, json, csv, geojson, params, cql2

    static let current: Target = {
        let name = getenv("WANGGE_FUZZ").map { String(cString: $0) } ?? ""
        guard let t = Target(rawValue: name) else {
            print("set WANGGE_FUZZ to one of \(allCases.map(\.rawValue).joined(separator: ", "))")
            exit(2)
        }
        return t
    }()

    /// A resolver over a small hand-made registry, built once.
    static let resolver: AddressResolver = {
        let areas: [String: AreaDirectory.Entry] = [
            "P": .init(name: "四川省", level: .province, worker: nil), "C": .init(name: "攀枝花市", level: .city, worker: nil),
            "D": .init(name: "东区", level: .district, worker: nil), "S": .init(name: "炳草岗街道", level: .street, worker: nil),
            "M": .init(name: "五十四社区", level: .community, worker: nil), "G": .init(name: "五十四社区第一网格", level: .grid, worker: "李"),
        ]
        let placement = AreaPlacement(ids: [.province: "P", .city: "C", .district: "D", .street: "S", .community: "M", .grid: "G"])
        let buildings = (1...12).map { k in
            (Building(id: "B\(k)", address: "四川省攀枝花市东区炳草岗街道机场路\(k * 2)号锦绣花园\(k)栋", name: "锦绣花园", number: "\(k)",
                      footprint: nil, position: Coordinate(lon: 101.7 + Double(k) / 1000, lat: 26.58)), placement)
        }
        let households = (1...12).map { k in (id: "H\(k)", building: "B\(k)", unit: Optional("2"), room: Optional("50\(k % 9)")) }
        return AddressResolver(areas: AreaDirectory(areas: areas, units: []), buildings: buildings, households: households)
    }()

    static func address(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let normal = AddressText.normalise(text)
        _ = AddressParts(normalised: normal)
        _ = resolver.resolve(text, limit: 3)
        _ = PersonalDataMask.text(text)
    }

    static func json(_ bytes: [UInt8]) {
        guard let v = try? JSONParser.parse(bytes) else { return }
        // What the writer writes, the parser reads back as the same value.
        let again = try? JSONParser.parse(v.jsonText)
        if again?.jsonText != v.jsonText { fatalError("JSON round trip differs: \(v.jsonText)") }
        if let o = v.objectValue {
            _ = PetitionIntake.decode(o, categories: ["water", "road"])
            _ = PetitionEventRequest.decode(o)
            _ = RegistryDecoding.unit(o)
            _ = RegistryDecoding.category(o)
        }
    }

    static func csv(_ bytes: [UInt8]) {
        var reader = CSVReader()
        var rows = reader.feed(bytes.prefix(bytes.count / 2))
        rows += reader.feed(bytes.dropFirst(bytes.count / 2))
        rows += reader.finish()
        guard let header = rows.first?.cells else { return }
        for row in rows.dropFirst() where row.cells.count == header.count {
            let record = Dictionary(zip(header, row.cells), uniquingKeysWith: { a, _ in a })
            _ = RegistryDecoding.person(record)
            _ = RegistryDecoding.household(record)
        }
    }

    static func geojson(_ bytes: [UInt8]) {
        var splitter = FeatureStreamSplitter()
        guard let pieces = try? splitter.feed(bytes), (try? splitter.finish()) != nil else { return }
        for piece in pieces {
            guard let v = try? JSONParser.parse(piece.bytes), let f = try? Feature(json: v) else { continue }
            _ = RegistryDecoding.area(f)
            _ = RegistryDecoding.building(f)
            _ = PetitionDecoding.history(f, categories: ["water"])
            if let g = f.geometry { _ = GeoJSON.warnings(for: g) }
        }
    }

    /// `name=value&…` as a query string, each value through every reader that takes one.
    static func params(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let pairs = text.split(separator: "&").map { pair -> (String, String) in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(kv[0]), kv.count > 1 ? String(kv[1]) : "")
        }
        for (name, value) in pairs {
            guard let q = try? ParameterReader([(name, value)], allowed: [name]) else { continue }
            _ = try? q.int(name, default: 0, range: 0...Int(Int32.max))
            _ = try? q.double(name, default: 0, range: -1e9...1e9)
            _ = try? q.bbox(name)
            _ = try? q.time(name)
            _ = try? q.time(name, endOfDay: true)
            _ = try? q.interval(name)
            _ = try? q.list(name)
            _ = try? q.coordinateSystem(name)
            _ = Timestamp.parse(value)
        }
    }

    /// A CQL2 filter in both encodings, typed against every layer: parsed or refused, never a trap;
    /// a checked filter is also turned into SQL.
    static func cql2(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        for language in FeatureFilter.Language.allCases {
            guard let filter = try? FeatureFilter.parse(text, language: language) else { continue }
            for layer in FeatureLayer.all {
                for crs in [FeatureFilter.CRS.crs84, .epsg4326, .chinese(.gcj02)] {
                    guard let checked = try? filter.checked(for: layer, crs: crs) else { continue }
                    var sql = FeatureFilterSQL(layer: layer, dialect: FuzzDialect())
                    _ = sql.condition(checked)
                }
            }
        }
    }
}

/// A dialect for the fuzzer: the SQL is built and dropped.
struct FuzzDialect: FeatureFilterDialect {
    var geometryColumn: String { "geom" }
    func spatial(_ relation: FeatureFilter.SpatialRelation, _ a: SpatialSide, _ b: SpatialSide, _ args: inout [FilterArgument]) -> String {
        for side in [a, b] { if case .literal(let g) = side { args.append(.blob(WKB.encode(g))) } }
        return relation.sqlFunction + "(?, ?)"
    }
    func like(_ expression: String, pattern: String, _ args: inout [FilterArgument]) -> String {
        args.append(.text(pattern))
        return expression + " LIKE ?"
    }
    func ordered(_ textExpression: String) -> String { textExpression }
}
