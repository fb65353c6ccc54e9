/// Phone numbers as registers and petitioners write them: a mobile (1[3-9] and 9 more digits,
/// maybe after +86), a landline with its area code (0 + 9–11 digits), or a local number of 7–8
/// digits, with spaces, dashes, dots or brackets between the groups and an optional extension
/// (转123, ext. 123, -123 after a full landline).
public enum PhoneNumber {
    /// Whether `text` is a phone number someone could call; nil-safe reasons for imports.
    public static func isPlausible(_ text: String) -> Bool { problem(text) == nil }

    /// The digits that identify a phone however it was written (separators, full-width digits),
    /// without the country code 86 before a domestic number: what validation checks and what
    /// callers' history is matched by.
    public static func digits(_ text: some StringProtocol) -> String {
        var d = String(text.compactMap(PersonalDataMask.digit))
        if d.count == 13, d.hasPrefix("86") { d.removeFirst(2) }
        return d
    }

    /// Why `text` is not a phone number, or nil when it is one.
    public static func problem(_ text: String) -> String? {
        var main = Substring(text)
        for marker in ["转", "分机", "ext.", "ext", "x"] {
            if let r = main.firstRange(of: marker) {
                let ext = main[r.upperBound...].filter { !" .".contains($0) }
                guard !ext.isEmpty, ext.count <= 6, ext.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    return "the extension after '\(marker)' must be 1–6 digits"
                }
                main = main[..<r.lowerBound]
                break
            }
        }
        if let other = main.first(where: { PersonalDataMask.digit($0) == nil && !" -.()+（）－　".contains($0) }) {
            return "'\(other)' is not part of a phone number"
        }
        let digits = Self.digits(main)
        let mobile = digits.count == 11 && digits.hasPrefix("1") && ("3"..."9").contains(digits.dropFirst().first!)
        let landline = digits.hasPrefix("0") && (10...12).contains(digits.count)
        let local = !digits.hasPrefix("0") && !digits.hasPrefix("1") && (7...8).contains(digits.count)
        if mobile || landline || local { return nil }
        return "\(digits.count) digits: expected a mobile (11 digits, 13…–19…), a landline with its area code (0 + 9–11 digits) or a local number (7–8 digits)"
    }
}
