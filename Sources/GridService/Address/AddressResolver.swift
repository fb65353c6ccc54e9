import GridGeo
import GridModel

/// Resolves Chinese address text against the registry: the building (by compound and building
/// number, or road, road number and building number), the household (unit and room), with the
/// areas and units — or an honest "ambiguous" or "none". Never a confident wrong answer: a
/// match is `exact` or `probable` only when a building is pinned by its identifying parts and
/// no other candidate comes close.
///
/// Built once from the store into in-memory indexes (names, roads, compounds, doors); immutable
/// afterwards, so one instance serves any number of threads.
public final class AddressResolver: Sendable {
    struct BuildingEntry: Sendable {
        var id: String
        var address: String
        var compound: String?
        var number: String?
        var road: String?
        var roadNumber: String?
        var placement: AreaPlacement
    }

    let buildings: [BuildingEntry]
    let byCompoundNumber: [String: [Int32]]
    let byCompound: [String: [Int32]]
    let byRoadNumber: [String: [Int32]]
    let compounds: NameIndex
    let roads: NameIndex
    /// Area names and their short forms without 街道/社区/…; `areasOfName[k]` are the areas
    /// named `areaNames.names[k]`.
    let areaNames: NameIndex
    let areasOfName: [[(id: String, level: AreaLevel)]]
    /// Full area names only (no short forms), for taking a registered address's areas off.
    let fullAreaNames: NameIndex
    /// Area names, levels and grid workers by id, and their units, for the answers.
    public let areaDirectory: AreaDirectory
    /// building|unit|room and building||room → household id.
    let doors: [String: String]

    public convenience init(store: any WanggeStore) throws {
        try self.init(areas: store.areaDirectory(), buildings: store.buildings(), households: store.householdDoors())
    }

    public init(areas: AreaDirectory, buildings: [(Building, AreaPlacement)],
                households: [(id: String, building: String, unit: String?, room: String?)]) {
        areaDirectory = areas
        var names: [String: [(id: String, level: AreaLevel)]] = [:]
        for (id, a) in areas.areas {
            for form in Self.nameForms(AddressText.normalise(a.name)) { names[form, default: []].append((id, a.level)) }
        }
        let nameIndex = NameIndex(names.keys)
        areaNames = nameIndex
        areasOfName = nameIndex.names.indices.map { names[nameIndex.name(Int32($0))] ?? [] }
        let full = NameIndex(areas.areas.values.map { AddressText.normalise($0.name) })
        fullAreaNames = full

        var entries: [BuildingEntry] = []
        for (b, placement) in buildings {
            let parts = AddressParts(normalised: AddressText.normalise(b.address))
            let compound = b.name.map(AddressText.normalise) ?? parts.compoundText.map { Self.strippingAreas($0, full) }
            let number = b.number.map { AddressText.normalise($0) }.map { n in
                // "3", "3栋", "03" all mean building 3.
                AddressParts(normalised: n.hasSuffix("栋") ? n : n + "栋").building ?? n
            } ?? parts.building
            let road = parts.roadText.map { Self.strippingAreas($0, full) }.flatMap { $0.isEmpty ? nil : $0 }
            entries.append(BuildingEntry(id: b.id, address: b.address, compound: compound?.isEmpty == true ? nil : compound,
                                         number: number, road: road, roadNumber: parts.roadNumber, placement: placement))
        }
        self.buildings = entries
        var cn: [String: [Int32]] = [:], c: [String: [Int32]] = [:], rn: [String: [Int32]] = [:]
        for (k, e) in entries.enumerated() {
            if let compound = e.compound {
                c[compound, default: []].append(Int32(k))
                if let n = e.number { cn[compound + "|" + n, default: []].append(Int32(k)) }
            }
            if let road = e.road, let rno = e.roadNumber { rn[road + "|" + rno, default: []].append(Int32(k)) }
        }
        byCompoundNumber = cn
        byCompound = c
        byRoadNumber = rn
        compounds = NameIndex(Set(entries.compactMap(\.compound)))
        roads = NameIndex(Set(entries.compactMap(\.road)))
        var d: [String: String] = [:]
        for h in households {
            let unit = h.unit.map { AddressParts(normalised: AddressText.normalise($0) + "单元").unit ?? $0 } ?? ""
            let room = h.room.map { AddressParts(normalised: "1栋" + AddressText.normalise($0) + "室").room ?? $0 } ?? ""
            d[h.building + "|" + unit + "|" + room] = d[h.building + "|" + unit + "|" + room] ?? h.id
            d[h.building + "||" + room] = d[h.building + "||" + room] == nil ? h.id : "?"  // "?": unit needed to tell
        }
        doors = d
    }

    /// A name and its short form without the level word (炳草岗街道 → 炳草岗), which people drop.
    static func nameForms(_ name: String) -> [String] {
        var forms = [name]
        for suffix in ["街道办事处", "街道", "社区居委会", "居委会", "社区", "村委会", "自治区", "省", "市", "区", "县", "镇", "乡", "村"]
        where name.hasSuffix(suffix) && name.count - suffix.count >= 2 {
            forms.append(String(name.dropLast(suffix.count)))
            break
        }
        return forms
    }

    /// The text without the known area names it starts with (a registered address begins with
    /// its areas; what is left names the road or compound). Only leading names are removed, so a
    /// road named after a place (炳草岗大道) keeps its name.
    static func strippingAreas(_ text: String, _ names: NameIndex) -> String {
        var chars = Array(text.unicodeScalars)
        while !chars.isEmpty, let k = names.longestMatch(in: chars, at: 0) { chars.removeFirst(names.names[Int(k)].count) }
        var v = String.UnicodeScalarView()
        v.append(contentsOf: chars)
        return String(v)
    }
}
