import GridGeo
import GridModel

/// A seeded evaluation set for address resolution: registered addresses damaged the ways
/// people damage them (dropped levels, Chinese numerals, full-width digits, 幢/座/号楼, the
/// 12-3-1001 shorthands, spaces and punctuation, a postcode or phone number, a one-character
/// typo, a wrong street) and addresses that do not exist.
public enum AddressEvaluation {
    public struct Case: Sendable {
        public var text: String
        /// nil: the address does not exist, so the only right answers are none or ambiguous.
        public var building: String?
        public var household: String?
        public var damages: [String]
    }

    static let hanNoise: [Character] = Array("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质")

    /// `count` cases from the district's households (and a tenth that do not exist).
    public static func cases(_ district: DemoDistrict, count: Int, seed: UInt64 = 20261123) -> [Case] {
        var rng = SeededGenerator(seed: seed)
        let buildings = Dictionary(district.buildings.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let areaNames = district.areas.filter { $0.level != .grid }.map(\.name).sorted { $0.count > $1.count }
        let streets = district.areas.filter { $0.level == .street }.map(\.name)
        let compounds = Set(district.buildings.compactMap(\.name))
        var out: [Case] = []
        while out.count < count {
            let h = rng.pick(district.households)
            guard let b = buildings[h.building], let compound = b.name, let number = b.number, let unit = h.unit, let room = h.room,
                  let compoundAt = b.address.firstRange(of: compound) else { continue }
            // The registered address in parts: areas in order, road and number, compound, building, unit, room.
            var prefix = String(b.address[..<compoundAt.lowerBound])
            var levels: [String] = []
            while let name = areaNames.first(where: { prefix.hasPrefix($0) }) {
                levels.append(name)
                prefix.removeFirst(name.count)
            }
            // What is left is the road and its number, e.g. 龙珠路4号.
            var parts = (areas: levels, road: prefix, compound: compound, building: number, unit: unit, room: room)
            var damages: [String] = []
            var expected: (String?, String?) = (b.id, h.id)

            if rng.chance(0.1) {
                // Does not exist: a building number the compound lacks, or a compound nobody registered.
                if rng.chance(0.5) {
                    parts.building = String(90 + rng.int(0...9))
                    damages.append("no-such-building")
                } else {
                    var invented = ""
                    repeat { invented = String((0..<2).map { _ in rng.pick(hanNoise) }) + rng.pick(["花园", "新城", "家园", "雅苑"]) }
                    // Not one typo away from a real compound: that would be a damaged real address.
                    while compounds.contains { AddressText.withinOneEdit(Array($0.unicodeScalars), Array(invented.unicodeScalars)) }
                    parts.compound = invented
                    if rng.chance(0.5) { parts.road = "" }
                    damages.append("no-such-compound")
                }
                expected = (nil, nil)
            }
            for _ in 0..<rng.int(1...3) {
                switch rng.int(0...11) {
                case 0: parts.areas.removeFirst(min(2, parts.areas.count)); damages.append("no-province-city")
                case 1: parts.areas = Array(parts.areas.prefix(3)); damages.append("no-street-community")
                case 2: parts.areas = []; damages.append("no-areas")
                case 3:
                    if let k = parts.areas.firstIndex(where: { streets.contains($0) }), let other = streets.filter({ $0 != parts.areas[k] }).randomElement(using: &rng) {
                        parts.areas[k] = other
                        damages.append("wrong-street")
                    }
                case 4:
                    if rng.chance(0.5), parts.road.count > 3 { parts.road = typo(parts.road, &rng, keepTail: 1); damages.append("road-typo") } else if parts.compound.count >= 3, expected.0 != nil {
                        parts.compound = typo(parts.compound, &rng, keepTail: 0); damages.append("compound-typo")
                    }
                case 5: parts.road = ""; damages.append("no-road")
                default: break
                }
            }
            // How the numbers are written.
            var buildingText = parts.building + "栋", unitText = parts.unit + "单元", roomText = parts.room + "室"
            switch rng.int(0...9) {
            case 0: buildingText = chinese(parts.building) + rng.pick(["栋", "幢", "号楼"]); unitText = chinese(parts.unit) + "单元"; damages.append("chinese-numerals")
            case 1: buildingText = parts.building + rng.pick(["幢", "座", "号楼", "#"]); damages.append("building-word")
            case 2: unitText = parts.unit + "单元号"; damages.append("unit-word")
            case 3: buildingText = "\(parts.building)-\(parts.unit)-\(parts.room)"; unitText = ""; roomText = ""; damages.append("shorthand-b-u-r")
            case 4: unitText = "\(parts.unit)-\(parts.room)"; roomText = ""; damages.append("shorthand-u-r")
            case 5: roomText = parts.room; damages.append("bare-room")
            default: break
            }
            var pieces = parts.areas + [parts.road, parts.compound, buildingText, unitText, roomText].filter { !$0.isEmpty }
            if buildingText.contains("-") {
                // The shorthand goes after the compound.
                pieces = parts.areas + [parts.road, parts.compound, buildingText].filter { !$0.isEmpty }
            }
            var text = pieces.joined(separator: rng.chance(0.2) ? rng.pick([" ", "，", " , ", "　"]) : "")
            if rng.chance(0.15) { text = fullWidth(text); damages.append("full-width") }
            if rng.chance(0.1) { text = "617000" + text; damages.append("postcode") }
            if rng.chance(0.1) { text += " 电话13" + String(100_000_000 + rng.int(0...899_999_999)); damages.append("phone") }
            out.append(Case(text: text, building: expected.0, household: expected.0 == nil ? nil : expected.1, damages: damages))
        }
        return out
    }

    /// One character of `s` replaced, dropped or doubled, keeping the last `keepTail` characters.
    static func typo(_ s: String, _ rng: inout SeededGenerator, keepTail: Int) -> String {
        var c = Array(s)
        let digitsFrom = c.firstIndex { $0.isNumber } ?? c.count
        let limit = min(c.count - keepTail, digitsFrom) - 1
        guard limit >= 1 else { return s }
        let k = rng.int(0...limit)
        switch rng.int(0...2) {
        case 0: c[k] = rng.pick(hanNoise)
        case 1: c.remove(at: k)
        default: c.insert(c[k], at: k)
        }
        return String(c)
    }

    static func chinese(_ digits: String) -> String {
        guard let n = Int(digits), n < 100 else { return digits }
        let d = Array("零一二三四五六七八九")
        if n < 10 { return String(d[n]) }
        return (n / 10 == 1 ? "" : String(d[n / 10])) + "十" + (n % 10 == 0 ? "" : String(d[n % 10]))
    }

    static func fullWidth(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { u in
            (0x21...0x7E).contains(u.value) ? Unicode.Scalar(u.value + 0xFEE0)! : u
        }))
    }
}
