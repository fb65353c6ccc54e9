import GridGeo
import Testing

@Suite struct JSONParserTests {
    @Test func parsesNestedValuesKeepingMemberOrder() throws {
        let v = try JSONParser.parse(#" {"b": [1, 2.5, -3e2, true, false, null], "a": {"x": "y"}} "#)
        #expect(v.objectValue?.keys == ["b", "a"])
        #expect(v["b"] == [1, 2.5, -300, true, false, nil])
        #expect(v["a"]?["x"] == "y")
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let v = try JSONParser.parse(#""tab\t quote\" slash\/ \u7f51\u683c \ud83d\ude00""#)
        #expect(v == .string("tab\t quote\" slash/ 网格 😀"))
    }

    @Test func keepsRawUTF8Chinese() throws {
        #expect(try JSONParser.parse("\"炳草岗街道\"") == .string("炳草岗街道"))
    }

    @Test(arguments: [
        ("{\"a\":1,}", "expected a member name"),
        ("[1 2]", "expected ',' or ']'"),
        ("\"unterminated", "unterminated string"),
        ("01", "unexpected data after"),
        ("{\"a\":tru}", "invalid literal"),
        ("\"\\ud800\"", "unpaired surrogate"),
        ("[1.]", "digit expected after '.'"),
    ])
    func refusesMalformedTextWithAReason(text: String, reason: String) {
        #expect {
            try JSONParser.parse(text)
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test func reportsTheByteOffsetOfAnError() {
        do {
            _ = try JSONParser.parse("{\"a\": [1, 2, x]}")
            Issue.record("expected an error")
        } catch {
            #expect(error.offset == 13)
        }
    }

    @Test func decimalParserAgreesWithTheStandardLibrary() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let d = Double.random(in: -180...180, using: &rng)
            let digits = Int.random(in: 0...17, using: &rng)
            let text = digits == 17 ? "\(d)" : String(format: d, decimals: digits)
            #expect(DecimalParser.parse(Substring(text)) == Double(text), "\(text)")
        }
        for text in ["1e-7", "2.5E+3", "-0", "123456789012345678901234", "4.9e-324", "1.7976931348623157e308"] {
            #expect(DecimalParser.parse(Substring(text)) == Double(text), "\(text)")
        }
        // Like Double(String), a bare leading or trailing point is accepted ("1.", ".5").
        for text in ["1.", ".5"] { #expect(DecimalParser.parse(Substring(text)) == Double(text)) }
        for bad in ["", "-", ".", "1e", "abc", "1,5", "0x10", "1 "] {
            #expect(DecimalParser.parse(Substring(bad)) == nil, "\(bad)")
        }
    }

    @Test func writerRoundTripsThroughTheParser() throws {
        let v: JSONValue = ["name": "阳城社区 \"3\"\n", "n": 101.7186, "i": 42, "ok": true, "none": nil, "list": [1, "a"]]
        #expect(try JSONParser.parse(v.jsonText) == v)
    }
}

extension String {
    /// Fixed decimals without Foundation's formatting.
    init(format value: Double, decimals: Int) {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let r = (abs(value) * scale).rounded()
        var intPart = String(Int(r / scale))
        var frac = String(Int(r.truncatingRemainder(dividingBy: scale)))
        while frac.count < decimals { frac = "0" + frac }
        if value < 0 && r != 0 { intPart = "-" + intPart }
        self = decimals == 0 ? intPart : intPart + "." + frac
    }
}

@Suite struct FixedNumberTests {
    @Test func fixedDigitsGiveTheSameNumberAsRoundingDoes() throws {
        var state: UInt64 = 7
        for k in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let d = (Double(state >> 11) / Double(1 << 53) - 0.5) * (k % 2 == 0 ? 360 : 2)
            for decimals in [0, 1, 7] {
                let scale = (0..<decimals).reduce(1.0) { r, _ in r * 10 }
                var w = JSONWriter()
                w.fixed(d, decimals: decimals, scale: scale)
                let parsed = try JSONParser.parse(w.bytes).doubleValue
                #expect(parsed == (d * scale).rounded() / scale, "\(d) → \(w.string)")
            }
        }
        var w = JSONWriter()
        for v in [101.7, -0.00000004, 26.5, 0, -3.0000001] { w.fixed(v, decimals: 7, scale: 1e7); w.raw(" ") }
        #expect(w.string == "101.7 0 26.5 0 -3.0000001 " || w.string == "101.7 -0 26.5 0 -3.0000001 ")
    }
}
