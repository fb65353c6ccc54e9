import Foundation
import GridGeo
import GridModel

/// A hand-made district whose every answer is known: axis-aligned squares around
/// (101.70–101.74 E, 26.57–26.59 N).
///
///     lon 101.70   101.71   101.72   101.73   101.74
///          | G1     | G2     | G3     | G4     |      grid cells (lat 26.57–26.59)
///          |   C1 (S1, west) |   C2 (S2, east) |      communities = streets
///
/// B1 stands inside G1, B2 inside G3, B3 straddles the G1/G2 border at lon 101.71.
public enum SmallDistrict {
    public static func square(_ minLon: Double, _ minLat: Double, _ maxLon: Double, _ maxLat: Double) -> [[Double]] {
        [[minLon, minLat], [maxLon, minLat], [maxLon, maxLat], [minLon, maxLat], [minLon, minLat]]
    }

    static func polygonJSON(_ ring: [[Double]]) -> String {
        "{\"type\":\"Polygon\",\"coordinates\":[[" + ring.map { "[\($0[0]),\($0[1])]" }.joined(separator: ",") + "]]}"
    }

    public static func feature(_ props: String, _ ring: [[Double]]) -> String {
        "{\"type\":\"Feature\",\"properties\":{\(props)},\"geometry\":\(polygonJSON(ring))}"
    }

    public struct AreaSpec: Sendable {
        public var id: String, name: String, level: String, parent: String?, ring: [[Double]], extra: String = ""

        public init(id: String, name: String, level: String, parent: String?, ring: [[Double]], extra: String = "") {
            self.id = id
            self.name = name
            self.level = level
            self.parent = parent
            self.ring = ring
            self.extra = extra
        }
    }

    public static let areaSpecs: [AreaSpec] = [
        AreaSpec(id: "P", name: "四川省", level: "province", parent: nil, ring: square(100, 26, 103, 28)),
        AreaSpec(id: "C", name: "攀枝花市", level: "city", parent: "P", ring: square(101.5, 26.4, 101.9, 26.7)),
        AreaSpec(id: "D", name: "东区", level: "district", parent: "C", ring: square(101.70, 26.57, 101.74, 26.59), extra: ",\"population\":40000"),
        AreaSpec(id: "S1", name: "炳草岗街道", level: "street", parent: "D", ring: square(101.70, 26.57, 101.72, 26.59)),
        AreaSpec(id: "S2", name: "东华街道", level: "street", parent: "D", ring: square(101.72, 26.57, 101.74, 26.59)),
        AreaSpec(id: "C1", name: "阳城社区", level: "community", parent: "S1", ring: square(101.70, 26.57, 101.72, 26.59)),
        AreaSpec(id: "C2", name: "金海社区", level: "community", parent: "S2", ring: square(101.72, 26.57, 101.74, 26.59)),
        AreaSpec(id: "G1", name: "阳城社区第1网格", level: "grid", parent: "C1", ring: square(101.70, 26.57, 101.71, 26.59), extra: ",\"worker\":\"王芳\",\"phone\":\"13800000001\""),
        AreaSpec(id: "G2", name: "阳城社区第2网格", level: "grid", parent: "C1", ring: square(101.71, 26.57, 101.72, 26.59), extra: ",\"worker\":\"李强\""),
        AreaSpec(id: "G3", name: "金海社区第1网格", level: "grid", parent: "C2", ring: square(101.72, 26.57, 101.73, 26.59)),
        AreaSpec(id: "G4", name: "金海社区第2网格", level: "grid", parent: "C2", ring: square(101.73, 26.57, 101.74, 26.59)),
    ]

    public static func areaFeature(_ a: AreaSpec) -> String {
        let parent = a.parent.map { "\"\($0)\"" } ?? "null"
        return feature("\"id\":\"\(a.id)\",\"name\":\"\(a.name)\",\"level\":\"\(a.level)\",\"parent\":\(parent)\(a.extra)", a.ring)
    }

    public static var areasGeoJSON: String {
        "{\"type\":\"FeatureCollection\",\"features\":[\n" + areaSpecs.map(areaFeature).joined(separator: ",\n") + "\n]}"
    }

    public static var buildingsGeoJSONL: String {
        [feature("\"id\":\"B1\",\"address\":\"四川省攀枝花市东区炳草岗街道阳城社区金海路12号阳光小区3栋\",\"name\":\"阳光小区\",\"number\":\"3\",\"floors\":7", square(101.7040, 26.5790, 101.7050, 26.5800)),
         feature("\"id\":\"B2\",\"address\":\"四川省攀枝花市东区东华街道金海社区人民街8号锦绣花园1栋\",\"name\":\"锦绣花园\",\"number\":\"1\",\"grid\":\"G4\"", square(101.7240, 26.5790, 101.7250, 26.5800)),
         feature("\"id\":\"B3\",\"address\":\"四川省攀枝花市东区炳草岗街道阳城社区金海路20号跨界楼1栋\"", square(101.7095, 26.5750, 101.7110, 26.5760))]
            .joined(separator: "\n") + "\n"
    }

    public static let householdsCSV = """
        id,building,unit,floor,room,address
        H1,B1,2,5,501,"四川省攀枝花市东区炳草岗街道阳城社区金海路12号阳光小区3栋2单元501室"
        H2,B2,1,3,302,
        """ + "\n"

    public static let personsCSV = """
        id,household,name,id_number,phone,tags
        P1,H1,张伟,11010519491231002X,13812345678,独居老人;低保
        P2,H2,李娜,,,
        """ + "\n"

    public static let categoriesJSON = """
        {"categories":[
          {"code":"water","name_zh":"供水","name_en":"Water supply","default_level":"district","deadlines":{"dispatch_days":0,"first_reply_days":3,"resolve_working_days":10}},
          {"code":"property","name_zh":"物业管理","name_en":"Property management","default_level":"community"}
        ]}
        """

    public static let unitsJSON = """
        [
          {"id":"U-D","name":"东区水务局","level":"district","jurisdiction":["D"],"categories":["water"]},
          {"id":"U-S1","name":"炳草岗街道办事处","level":"street","jurisdiction":["S1"],"categories":["property"]},
          {"id":"U-C1","name":"阳城社区居民委员会","level":"community","parent":"U-S1","jurisdiction":["C1"],"categories":["property"]}
        ]
        """

    /// Five petitions with known answers: PA in building B1 (G1), PB in G3, PC in G4 and long
    /// overdue, PD with only an address, PE inside the city but in no district or grid cell.
    public static let petitionsGeoJSONL = [
        #"{"type":"Feature","geometry":{"type":"Point","coordinates":[101.7045,26.5795]},"properties":{"id":"PA","received_at":"2026-11-02T09:00:00+08:00","channel":"hotline","kind":"request","category":"water","urgency":"normal","text":"楼下水管爆裂","status":"received"}}"#,
        #"{"type":"Feature","geometry":{"type":"Point","coordinates":[101.7255,26.58]},"properties":{"id":"PB","received_at":"2026-10-01T10:30:00+08:00","channel":"miniapp","kind":"complain","category":"property","urgency":"normal","text":"电梯停运","status":"closed"}}"#,
        #"{"type":"Feature","geometry":{"type":"Point","coordinates":[101.735,26.58]},"properties":{"id":"PC","received_at":"2025-01-01T08:00:00+08:00","channel":"web","kind":"request","category":"water","urgency":"urgent","text":"停水三天","status":"replied"}}"#,
        #"{"type":"Feature","geometry":null,"properties":{"id":"PD","received_at":"2026-11-03T12:00:00+08:00","channel":"visit","kind":"consult","category":"water","text":"水费怎么交","status":"received","address":"金海路99号"}}"#,
        #"{"type":"Feature","geometry":{"type":"Point","coordinates":[101.80,26.58]},"properties":{"id":"PE","received_at":"2026-11-04T12:00:00Z","channel":"letter","kind":"suggest","category":"property","text":"建议增设路灯","status":"dispatched"}}"#,
    ].joined(separator: "\n") + "\n"

    /// `count` history petitions (ids `M0`, `M1` …) with milestones, spread over the district's
    /// grid cells, for imports larger than one batch; `awkwardText` puts a tab, line ends, a
    /// backslash and quotes in every text (what COPY's text format must escape). The record at
    /// `badAt` (if any) names an unknown category.
    public static func manyPetitions(_ count: Int, badAt: Int? = nil, awkwardText: Bool = false) -> String {
        (0..<count).map { k in
            let lon = 101.7005 + Double(k % 97) * 0.0004, lat = 26.5755 + Double(k % 89) * 0.0001
            let text = awkwardText ? #"第\#(k)件\t\"引号\"\\反斜杠\n下一行\r末尾"# : "第\(k)件"
            return #"{"type":"Feature","geometry":{"type":"Point","coordinates":[\#(lon),\#(lat)]},"properties":{"id":"M\#(k)","received_at":"2026-0\#(1 + k % 9)-1\#(k % 10)T09:00:00+08:00","channel":"hotline","kind":"request","category":"\#(k == badAt ? "gas" : k % 2 == 0 ? "water" : "property")","text":"\#(text)","status":"closed","dispatched_at":"2026-0\#(1 + k % 9)-1\#(k % 10)T10:00:00+08:00","resolved_at":"2026-0\#(1 + k % 9)-1\#(k % 10)T11:00:00+08:00","closed_at":"2026-0\#(1 + k % 9)-1\#(k % 10)T12:00:00+08:00","rating":"satisfied"}}"#
        }.joined(separator: "\n") + "\n"
    }

    /// `count` petitions (ids `F000` …) of every channel, kind, urgency and status, at random
    /// places of the district (one in 23 without a point) and random seconds of 2026 (a third
    /// written in UTC), water and property alternately, some without an urgency.
    public static func variedPetitions(_ count: Int, seed: UInt64) -> String {
        var rng = SeededGenerator(seed: seed)
        let channels = ["hotline", "miniapp", "web", "service_point", "visit", "letter"]
        let kinds = ["consult", "suggest", "request", "complain"]
        let urgencies = ["normal", "urgent", "critical"]
        let statuses = ["received", "dispatched", "accepted", "replied", "resolved", "closed"]
        var lines: [String] = []
        for k in 0..<count {
            let geometry = k % 23 == 0 ? "null"
                : #"{"type":"Point","coordinates":[\#(Double.random(in: 101.695...101.745, using: &rng)),\#(Double.random(in: 26.565...26.595, using: &rng))]}"#
            let seconds = Int64.random(in: 1_767_225_600...1_796_083_200, using: &rng)  // 2026
            let when = Timestamp(seconds: seconds, offsetSeconds: k % 3 == 0 ? 0 : Timestamp.chinaOffset)
            let urgency = k % 7 == 0 ? "" : #","urgency":"\#(urgencies.randomElement(using: &rng)!)""#
            let address = geometry == "null" ? #""address":"金海路\#(k)号","# : ""
            lines.append(#"{"type":"Feature","geometry":\#(geometry),"properties":{\#(address)"id":"F\#(String(format: "%03d", k))","received_at":"\#(when)","channel":"\#(channels.randomElement(using: &rng)!)","kind":"\#(kinds.randomElement(using: &rng)!)","category":"\#(k % 2 == 0 ? "water" : "property")"\#(urgency),"text":"第\#(k)件","status":"\#(statuses.randomElement(using: &rng)!)"}}"#)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The 2026 holidays around the Spring Festival and National Day, with their make-up workdays.
    public static let calendarJSON = """
        {"holidays":[{"name":"春节","from":"2026-02-15","to":"2026-02-23"},{"name":"国庆节","from":"2026-10-01","to":"2026-10-07"}],
         "workdays":[{"name":"春节调休上班","date":"2026-02-14"},{"name":"春节调休上班","date":"2026-02-28"},
                     {"name":"国庆节调休上班","date":"2026-09-20"},{"name":"国庆节调休上班","date":"2026-10-10"}]}
        """

    /// Property goes to the community, a complaint to the street; water to the district with
    /// the street assisting.
    public static let rulesJSON = """
        {"callback_rate":0.5,"duplicates":{"radius_m":50,"days":7},"repeat_days":30,
         "rules":[
           {"id":"R-property","category":"property","level":"community","raise":[{"kind":"complain","level":"street"}]},
           {"id":"R-water","category":"water","level":"district","assist":["street"],"note":"水务主办，街道协办"}
         ]}
        """

    /// Writes all layer files into `dir` under the names `wangge import all` looks for.
    /// The district's layer files; with `variedPetitions`, that many more petitions
    /// (`variedPetitions(_:seed:)`) after the five known ones.
    public static func writeFiles(into dir: TemporaryDirectory, variedPetitions count: Int = 0, seed: UInt64 = 0) {
        dir.write("areas.geojson", areasGeoJSON)
        dir.write("categories.json", categoriesJSON)
        dir.write("calendar.json", calendarJSON)
        dir.write("rules.json", rulesJSON)
        dir.write("units.json", unitsJSON)
        dir.write("buildings.geojsonl", buildingsGeoJSONL)
        dir.write("households.csv", householdsCSV)
        dir.write("persons.csv", personsCSV)
        dir.write("petitions.geojsonl", petitionsGeoJSONL + (count > 0 ? variedPetitions(count, seed: seed) : ""))
    }
}
