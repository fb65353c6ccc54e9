/// The 18-character resident identity number of GB 11643-1999: 6-digit region, 8-digit birth
/// date, 3-digit sequence, and an ISO 7064 MOD 11-2 check character.
public enum IdentityNumber {
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkChars = Array("10X98765432")

    /// The check character for the first 17 digits, or nil if they are not 17 digits.
    public static func checkCharacter(for first17: String) -> Character? {
        let digits = first17.compactMap(\.wholeNumberValue)
        guard digits.count == 17, first17.count == 17 else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkChars[sum % 11]
    }

    /// Whether the text is a well-formed 18-character number with the right check character.
    public static func isValid(_ s: String) -> Bool {
        guard s.count == 18 else { return false }
        let chars = Array(s.uppercased())
        return checkCharacter(for: String(chars[0..<17])) == chars[17]
    }
}
