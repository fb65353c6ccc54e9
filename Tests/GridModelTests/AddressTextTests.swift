@testable import GridModel
import Testing

/// Each normalisation of typed addresses, and the split into numbered parts.
@Suite struct AddressTextTests {
    @Test(arguments: [
        // full-width digits and letters, and the ideographic space
        ("阳光小区３栋２单元５０１室", "阳光小区3栋2单元501室"),
        ("Ａ座１２０１", "A栋1201"),
        ("阳光小区　3栋", "阳光小区3栋"),
        // Chinese numerals before a marker; numerals inside names stay
        ("阳光小区三栋二单元五〇一室", "阳光小区3栋2单元501室"),
        ("金海路十二号", "金海路12号"),
        ("人民街一百零三号", "人民街103号"),
        ("五十四社区五十四路54号", "五十四社区五十四路54号"),
        ("阳光小区三栋二单元五〇一", "阳光小区3栋2单元501"),
        // 栋 / 幢 / 座 / 号楼 / # are one thing; 单元号 is 单元
        ("阳光小区3幢", "阳光小区3栋"), ("阳光小区3座", "阳光小区3栋"), ("阳光小区3号楼", "阳光小区3栋"),
        ("阳光小区3#楼", "阳光小区3栋"), ("阳光小区3#2单元", "阳光小区3栋2单元"), ("阳光小区3栋2单元号501", "阳光小区3栋2单元501"),
        // the shorthands
        ("阳光小区12-3-1001", "阳光小区12栋3单元1001室"), ("阳光小区12栋3-1001", "阳光小区12栋3单元1001室"),
        ("阳光小区12—3—1001", "阳光小区12栋3单元1001室"), ("阳光小区，12栋，3-1001", "阳光小区12栋3单元1001室"),
        // spaces and punctuation
        ("四川省 攀枝花市，东区、阳光小区（3栋）", "四川省攀枝花市东区阳光小区3栋"),
        // a leading postcode and phone numbers
        ("617000 攀枝花市阳光小区3栋", "攀枝花市阳光小区3栋"),
        ("阳光小区3栋 电话13812345678", "阳光小区3栋电话"),
        ("0812-3334444阳光小区3栋", "阳光小区3栋"),
    ])
    func normalises(_ typed: String, _ expected: String) {
        #expect(AddressText.normalise(typed) == expected)
    }

    @Test func splitsTheNumberedParts() {
        let p = AddressParts(normalised: AddressText.normalise("攀枝花市东区炳草岗街道阳城社区金海路12号阳光小区3栋2单元501"))
        #expect(p.roadText == "攀枝花市东区炳草岗街道阳城社区金海路")
        #expect(p.roadNumber == "12")
        #expect(p.compoundText == "阳光小区")
        #expect(p.building == "3")
        #expect(p.unit == "2")
        #expect(p.room == "501", "a bare number after the unit is the room")
        #expect(p.names == "攀枝花市东区炳草岗街道阳城社区金海路阳光小区")
        let floor = AddressParts(normalised: AddressText.normalise("锦绣花园01栋2单元5楼502室"))
        #expect(floor.building == "1", "leading zeros do not make another building")
        #expect(floor.floor == "5")
        #expect(floor.room == "502")
        #expect(floor.compoundText == "锦绣花园")
        let roadOnly = AddressParts(normalised: "人民街8号")
        #expect(roadOnly.roadNumber == "8")
        #expect(roadOnly.building == nil)
    }
}

/// Numerals too large for any number stay text: a careless or hostile address never traps.
@Suite struct AddressNumeralOverflowTests {
    @Test func nineteenNumeralsBeforeAMarkerStayAsTyped() {
        let typed = String(repeating: "九", count: 19) + "栋"
        #expect(AddressText.normalise(typed) == typed)
        #expect(AddressText.normalise("九千九百万亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿栋").hasSuffix("栋"))
    }

    @Test func unitNumeralsThatOverflowAreLeftAlone() {
        let huge = String(repeating: "九千", count: 4000) + "号"
        _ = AddressText.normalise(huge)
        #expect(AddressText.value(Array(String(repeating: "九", count: 18).unicodeScalars)) == 999_999_999_999_999_999)
        #expect(AddressText.value(Array(String(repeating: "九", count: 19).unicodeScalars)) == nil)
    }
}
