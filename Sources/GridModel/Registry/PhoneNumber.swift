/// Phone numbers as registers and petitioners write them: a mobile (1[3-9] and 9 more digits,
/// maybe after +86), a landline with its area code (0 + 9–11 digits), or a local number of 7–8
/// digits, with spaces, dashes, dots or brackets between the groups and an optional extension
/// (转123, ext. 123, -123 after a full landline).
public enum PhoneNumber {
    /// Whether `text` is a phone number someone could call; nil-safe reasons for imports.
    public static func isPlausible(_ text: String) -> Bool { problem(text) == nil }

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
        var digits = ""
        for c in main {
            if c.isASCII, c.isNumber { digits.append(c); continue }
            if let v = c.unicodeScalars.first?.value, (0xFF10...0xFF19).contains(v) {
                digits.unicodeScalars.append(Unicode.Scalar(v - 0xFF10 + 48)!)
                continue
            }
            guard " -.()+（）－　".contains(c) else { return "'\(c)' is not part of a phone number" }
        }
        if digits.count == 13, digits.hasPrefix("86") { digits.removeFirst(2) }
        let mobile = digits.count == 11 && digits.hasPrefix("1") && ("3"..."9").contains(digits.dropFirst().first!)
        let landline = digits.hasPrefix("0") && (10...12).contains(digits.count)
        let local = !digits.hasPrefix("0") && !digits.hasPrefix("1") && (7...8).contains(digits.count)
        if mobile || landline || local { return nil }
        return "\(digits.count) digits: expected a mobile (11 digits, 13…–19…), a landline with its area code (0 + 9–11 digits) or a local number (7–8 digits)"
    }
}
