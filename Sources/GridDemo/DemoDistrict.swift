import GridGeo
import GridModel

/// A synthetic but realistic district of Panzhihua (东区, around 101.72 E, 26.58 N): the area
/// hierarchy from province to grid cell, buildings with footprints and full addresses,
/// households, persons, responsible units, categories, and a year of clustered petitions.
///
/// Deterministic: the same seed gives byte-identical files.
public struct DemoDistrict: Sendable {
    public var areas: [Area] = []
    public var buildings: [Building] = []
    public var households: [Household] = []
    public var persons: [Person] = []
    public var units: [ResponsibleUnit] = []
    public var categories: [GridModel.Category] = []
    /// Petitions as the `petitions` import layer reads them (one GeoJSON Feature each).
    public var petitions: [Feature] = []

    public static let defaultSeed: UInt64 = 2026_0601

    /// The lattice layout: 12 × 10 grid cells; communities are 3 × 2 blocks of cells, streets
    /// 2 × 2 or 2 × 3 blocks of communities.
    static let cols = 12, rows = 10
    static let communityBlock = (3, 2)
    static let streetBlocks: [(Range<Int>, Range<Int>)] = [(0..<6, 0..<4), (6..<12, 0..<4), (0..<6, 4..<10), (6..<12, 4..<10)]
    static let origin = Coordinate(lon: 101.685, lat: 26.553)

    public static func generate(seed: UInt64 = defaultSeed, petitionCount: Int = 21_000) -> DemoDistrict {
        var rng = SeededGenerator(seed: seed)
        var d = DemoDistrict()
        let lattice = Lattice(origin: origin, cols: cols, rows: rows, cellMetres: (620, 560), jitter: 0.16,
                              subdivisions: 3, wiggle: 0.025, rng: &rng)
        let layout = d.makeAreas(lattice, rng: &rng)
        d.makeBuildings(lattice, layout, rng: &rng)
        d.makeResidents(rng: &rng)
        d.fillPopulation(layout)
        d.makeCatalog(layout)
        d.makePetitions(count: petitionCount, layout, rng: &rng)
        return d
    }

    struct Layout {
        /// Grid cell id per lattice cell (row-major), and its community / street / road.
        var gridID: [String] = []
        var communityOfCell: [Int] = []
        var streetOfCommunity: [Int] = []
        var communityIDs: [String] = []
        var streetIDs: [String] = []
        var communityNames: [String] = []
        var streetNames: [String] = []
        var roadOfCommunity: [String] = []
        var district: Area!
    }

    static func r7(_ c: Coordinate) -> Coordinate {
        Coordinate(lon: (c.lon * 1e7).rounded() / 1e7, lat: (c.lat * 1e7).rounded() / 1e7)
    }

    static func polygon(_ ring: [Coordinate]) -> MultiPolygon { MultiPolygon([Polygon(exterior: ring.map(r7))]) }

    mutating func makeAreas(_ lattice: Lattice, rng: inout SeededGenerator) -> Layout {
        var layout = Layout()
        let districtRing = lattice.ring(cols: 0..<Self.cols, rows: 0..<Self.rows)
        let box = BoundingBox(covering: districtRing)
        func rect(_ b: BoundingBox, _ lonPad: Double, _ latPad: Double) -> [Coordinate] {
            [Coordinate(lon: b.minLon - lonPad, lat: b.minLat - latPad), Coordinate(lon: b.maxLon + lonPad, lat: b.minLat - latPad),
             Coordinate(lon: b.maxLon + lonPad, lat: b.maxLat + latPad), Coordinate(lon: b.minLon - lonPad, lat: b.maxLat + latPad),
             Coordinate(lon: b.minLon - lonPad, lat: b.minLat - latPad)]
        }
        // Province and city outlines are coarse stand-ins that contain the district.
        let province: [Coordinate] = [(97.35, 28.2), (99.1, 26.05), (102.9, 26.05), (105.3, 27.9), (108.5, 29.4), (108.4, 32.2),
                                      (106.0, 32.9), (103.0, 34.3), (100.6, 34.1), (97.6, 32.9), (97.35, 28.2)]
            .map { Coordinate(lon: $0.0, lat: $0.1) }
        areas.append(Area(id: "510000", name: "四川省", level: .province, parent: nil, boundary: Self.polygon(province)))
        areas.append(Area(id: "510400", name: "攀枝花市", level: .city, parent: "510000",
                          boundary: Self.polygon(rect(box, 0.45, 0.30))))
        let district = Area(id: "510402", name: "东区", level: .district, parent: "510400", boundary: Self.polygon(districtRing))
        areas.append(district)
        layout.district = district

        let (bw, bh) = Self.communityBlock
        let communityCols = Self.cols / bw, communityRows = Self.rows / bh
        layout.communityOfCell = [Int](repeating: 0, count: Self.cols * Self.rows)
        var communityIndex = 0
        for (s, (cols, rows)) in Self.streetBlocks.enumerated() {
            let streetID = "510402" + String(format3(s + 1))
            layout.streetIDs.append(streetID)
            layout.streetNames.append(DemoNames.streets[s])
            areas.append(Area(id: streetID, name: DemoNames.streets[s], level: .street, parent: "510402",
                              boundary: Self.polygon(lattice.ring(cols: cols, rows: rows))))
            var local = 0
            for cr in 0..<communityRows {
                for cc in 0..<communityCols {
                    let c0 = cc * bw, r0 = cr * bh
                    guard cols.contains(c0), rows.contains(r0) else { continue }
                    local += 1
                    let communityID = streetID + format3(local)
                    let name = DemoNames.communities[communityIndex]
                    layout.communityIDs.append(communityID)
                    layout.communityNames.append(name)
                    layout.streetOfCommunity.append(s)
                    layout.roadOfCommunity.append(DemoNames.roads[communityIndex % DemoNames.roads.count])
                    areas.append(Area(id: communityID, name: name, level: .community, parent: streetID,
                                      boundary: Self.polygon(lattice.ring(cols: c0..<(c0 + bw), rows: r0..<(r0 + bh)))))
                    for r in r0..<(r0 + bh) {
                        for c in c0..<(c0 + bw) { layout.communityOfCell[r * Self.cols + c] = communityIndex }
                    }
                    communityIndex += 1
                }
            }
        }
        // Grid cells, numbered within their community.
        var perCommunity = [Int](repeating: 0, count: layout.communityIDs.count)
        var gridAreas: [Area] = []
        layout.gridID = [String](repeating: "", count: Self.cols * Self.rows)
        for r in 0..<Self.rows {
            for c in 0..<Self.cols {
                let k = layout.communityOfCell[r * Self.cols + c]
                perCommunity[k] += 1
                let n = perCommunity[k]
                let id = layout.communityIDs[k] + (n < 10 ? "0\(n)" : "\(n)")
                layout.gridID[r * Self.cols + c] = id
                let worker = DemoNames.surnames[rng.int(0...(DemoNames.surnames.count - 1))]
                    + DemoNames.givenChars[rng.int(0...(DemoNames.givenChars.count - 1))]
                    + (rng.chance(0.5) ? DemoNames.givenChars[rng.int(0...(DemoNames.givenChars.count - 1))] : "")
                gridAreas.append(Area(id: id, name: "\(layout.communityNames[k])第\(n)网格", level: .grid,
                                      parent: layout.communityIDs[k], worker: worker, phone: Self.phone(&rng),
                                      boundary: Self.polygon(lattice.ring(cols: c..<(c + 1), rows: r..<(r + 1)))))
            }
        }
        areas.append(contentsOf: gridAreas.sorted { $0.id < $1.id })
        return layout
    }

    static func phone(_ rng: inout SeededGenerator) -> String {
        let prefixes = ["138", "139", "135", "136", "137", "150", "151", "152", "157", "158", "159", "182", "183", "187",
                        "188", "130", "131", "132", "155", "156", "185", "186", "133", "153", "180", "181", "189", "177", "199"]
        var s = rng.pick(prefixes)
        for _ in 0..<8 { s += String(rng.int(0...9)) }
        return s
    }

    mutating func makeBuildings(_ lattice: Lattice, _ layout: Layout, rng: inout SeededGenerator) {
        let kx = Geodesy.metresPerDegreeLongitude(atLatitude: Self.origin.lat)
        let ky = Geodesy.metresPerDegreeLatitude(atLatitude: Self.origin.lat)
        var compoundNames = Set<String>()
        var roadNumbers: [String: Int] = [:]
        var serial = 0
        for r in 0..<Self.rows {
            for c in 0..<Self.cols {
                let cell = PolygonIndex([Self.polygon(lattice.ring(cols: c..<(c + 1), rows: r..<(r + 1)))])
                let k = layout.communityOfCell[r * Self.cols + c]
                let s = layout.streetOfCommunity[k]
                let road = rng.chance(0.7) ? layout.roadOfCommunity[k] : rng.pick(DemoNames.roads)
                let compounds = rng.int(1...3)
                let perCell = 26
                var placed: [(Coordinate, Double)] = []
                for compound in 0..<compounds {
                    var name = rng.pick(DemoNames.compoundPrefixes) + rng.pick(DemoNames.compoundSuffixes)
                    if compoundNames.contains(name) && rng.chance(0.8) {
                        name = rng.pick(DemoNames.compoundPrefixes) + rng.pick(DemoNames.compoundSuffixes)
                    }
                    compoundNames.insert(name)
                    let number = (roadNumbers[road] ?? 0) + 2 * rng.int(1...6)
                    roadNumbers[road] = number
                    let count = compound == compounds - 1 ? perCell - (perCell / compounds) * (compounds - 1) : perCell / compounds
                    // Each compound occupies its own vertical strip of the cell.
                    let u0 = 0.1 + 0.8 * Double(compound) / Double(compounds)
                    let u1 = 0.1 + 0.8 * Double(compound + 1) / Double(compounds)
                    var built = 0
                    var tries = 0
                    while built < count && tries < 4000 {
                        tries += 1
                        let centre = lattice.point(cell: c, r, u: rng.uniform(u0, u1), v: rng.uniform(0.1, 0.9))
                        let w = rng.uniform(16, 42), h = rng.uniform(10, 16)
                        let angle = rng.uniform(-0.35, 0.35)
                        let reach = (w * w + h * h).squareRoot() / 2
                        if placed.contains(where: { p in
                            let dx = (p.0.lon - centre.lon) * kx, dy = (p.0.lat - centre.lat) * ky
                            return (dx * dx + dy * dy).squareRoot() < p.1 + reach + 8
                        }) { continue }
                        let corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2), (-w / 2, -h / 2)].map { x, y in
                            Self.r7(Coordinate(lon: centre.lon + (x * _cos(angle) - y * _sin(angle)) / kx,
                                               lat: centre.lat + (x * _sin(angle) + y * _cos(angle)) / ky))
                        }
                        guard corners.allSatisfy({ cell.contains(item: 0, lon: $0.lon, lat: $0.lat) }) else { continue }
                        placed.append((centre, reach))
                        built += 1
                        serial += 1
                        let floors = [6, 7, 7, 6, 9, 11, 18, 24, 33, 6][rng.int(0...9)]
                        let footprint = MultiPolygon([Polygon(exterior: corners)])
                        let address = "四川省攀枝花市东区\(layout.streetNames[s])\(layout.communityNames[k])\(road)\(number)号\(name)\(built)栋"
                        buildings.append(Building(id: "B" + format5(serial), address: address, name: name, number: String(built),
                                                  floors: floors, footprint: footprint, position: Self.r7(footprint.interiorPoint ?? centre)))
                    }
                }
            }
        }
    }

    mutating func makeResidents(rng: inout SeededGenerator) {
        var hSerial = 0, pSerial = 0
        let regions = ["510402", "510402", "510402", "510402", "510403", "510411", "510421", "510422", "511102", "513401"]
        for b in buildings {
            let unitsCount = rng.int(1...3)
            let floors = b.floors ?? 6
            for unit in 1...unitsCount {
                for floor in 1...floors {
                    for room in 1...2 where rng.chance(0.22) {
                        hSerial += 1
                        let roomNo = "\(floor)0\(room)"
                        let id = "H" + format6(hSerial)
                        households.append(Household(id: id, building: b.id, unit: String(unit), floor: floor, room: roomNo,
                                                    address: "\(b.address)\(unit)单元\(roomNo)室"))
                        let size = [1, 2, 3, 4, 5][rng.weighted([0.2, 0.3, 0.25, 0.17, 0.08])]
                        let surname = rng.pick(DemoNames.surnames)
                        for member in 0..<size {
                            pSerial += 1
                            let family = member == 0 || rng.chance(0.6) ? surname : rng.pick(DemoNames.surnames)
                            let name = family + rng.pick(DemoNames.givenChars) + (rng.chance(0.65) ? rng.pick(DemoNames.givenChars) : "")
                            let year = member >= 2 && size >= 3 ? rng.int(1995...2020) : rng.int(1938...1998)
                            let month = rng.int(1...12), day = rng.int(1...28)
                            let first17 = rng.pick(regions) + String(year) + (month < 10 ? "0\(month)" : "\(month)")
                                + (day < 10 ? "0\(day)" : "\(day)") + format3(rng.int(1...999))
                            let idNumber = first17 + String(IdentityNumber.checkCharacter(for: first17)!)
                            var tags: [String] = []
                            if year < 1956 && size == 1 { tags.append("独居老人") }
                            if rng.chance(0.03) { tags.append("低保") }
                            if rng.chance(0.02) { tags.append("残疾人") }
                            if year < 2000 && rng.chance(0.01) { tags.append("退役军人") }
                            persons.append(Person(id: "P" + format6(pSerial), household: id, name: name, idNumber: idNumber,
                                                  phone: year > 2010 ? nil : Self.phone(&rng), tags: tags))
                        }
                    }
                }
            }
        }
    }

    /// Registered persons cover about a third of residents (many rent or are not registered
    /// where they live), so populations are registered persons × 3, summed up the hierarchy.
    mutating func fillPopulation(_ layout: Layout) {
        let locator = PolygonIndex(areas.filter { $0.level == .grid }.map(\.boundary))
        let gridAreas = areas.enumerated().filter { $0.element.level == .grid }.map(\.offset)
        var buildingGrid: [String: Int] = [:]
        for b in buildings {
            if let item = locator.containing(lon: b.position.lon, lat: b.position.lat).first { buildingGrid[b.id] = gridAreas[Int(item)] }
        }
        var householdSize: [String: Int] = [:]
        for p in persons { householdSize[p.household, default: 0] += 1 }
        var population = [Int](repeating: 0, count: areas.count)
        for h in households {
            if let g = buildingGrid[h.building] { population[g] += 3 * (householdSize[h.id] ?? 0) }
        }
        let index = Dictionary(uniqueKeysWithValues: areas.enumerated().map { ($1.id, $0) })
        for level in [AreaLevel.grid, .community, .street] {
            for (k, a) in areas.enumerated() where a.level == level {
                if let p = a.parent, let pk = index[p] { population[pk] += population[k] }
            }
        }
        for k in areas.indices { areas[k].population = population[k] }
        // Real published totals for the levels the demo only outlines.
        areas[0].population = 83_710_000
        areas[1].population = 1_214_000
    }

    mutating func makeCatalog(_ layout: Layout) {
        categories = DemoCatalog.categories.map {
            GridModel.Category(code: $0.code, nameZh: $0.zh, nameEn: $0.en, defaultLevel: $0.level,
                               deadlines: .init(dispatchDays: 0, firstReplyDays: $0.replyDays, resolveWorkingDays: $0.resolveDays,
                                                // Bazhong's limits by kind; a request keeps the category's own.
                                                resolveWorkingDaysByKind: [.consult: 0, .suggest: 15, .request: $0.resolveDays,
                                                                           .complain: 30]),
                               sensitive: $0.sensitive)
        }
        for b in DemoCatalog.bureaus {
            units.append(ResponsibleUnit(id: b.id, name: b.name, level: .district, jurisdiction: ["510402"], categories: b.categories))
        }
        for (s, id) in layout.streetIDs.enumerated() {
            units.append(ResponsibleUnit(id: "U-\(id)", name: layout.streetNames[s] + "办事处", level: .street,
                                         jurisdiction: [id], categories: DemoCatalog.streetCategories))
        }
        for (k, id) in layout.communityIDs.enumerated() {
            let street = layout.streetIDs[layout.streetOfCommunity[k]]
            units.append(ResponsibleUnit(id: "U-\(id)", name: layout.communityNames[k] + "居民委员会", level: .community,
                                         parent: "U-\(street)", jurisdiction: [id], categories: DemoCatalog.communityCategories))
        }
    }
}

func format3(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }
func format5(_ n: Int) -> String { String(repeating: "0", count: Swift.max(0, 5 - String(n).count)) + String(n) }
func format6(_ n: Int) -> String { String(repeating: "0", count: Swift.max(0, 6 - String(n).count)) + String(n) }

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@inline(__always) func _sin(_ x: Double) -> Double { sin(x) }
