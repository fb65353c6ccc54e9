import GridModel
import Testing

@Suite struct IdentityNumberTests {
    /// The worked example of GB 11643-1999.
    @Test func acceptsTheStandardsExample() {
        #expect(IdentityNumber.isValid("11010519491231002X"))
        #expect(IdentityNumber.checkCharacter(for: "11010519491231002") == "X")
    }

    @Test func refusesAWrongCheckCharacterOrLength() {
        #expect(!IdentityNumber.isValid("110105194912310021"))
        #expect(!IdentityNumber.isValid("11010519491231002"))
        #expect(IdentityNumber.checkCharacter(for: "1101051949123100") == nil)
    }
}
