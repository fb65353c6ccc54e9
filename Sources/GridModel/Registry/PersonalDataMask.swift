/// Masks personal data for answers that must not show it whole: phone numbers keep the first
/// three and last four digits (138****5678), ID numbers the first four and last four
/// (5104**********1234), names the family name (张**).
public enum PersonalDataMask {
    public static func phone(_ s: String) -> String { keep(s, first: 3, last: 4) }
    public static func idNumber(_ s: String) -> String { keep(s, first: 4, last: 4) }
    public static func name(_ s: String) -> String {
        guard let first = s.first else { return s }
        return String(first) + String(repeating: "*", count: max(1, s.count - 1))
    }

    /// Free text (a petition's words) with every run of seven or more digits masked: residents
    /// type their phone and ID numbers into what they write, and no pattern list of "phone
    /// here" would catch all the ways they do. An 18- or 15-character run (digits, a final X)
    /// is masked as an ID number, others as phones.
    public static func text(_ s: String) -> String {
        var out = ""
        var run: [Character] = []
        // Digits right after a Latin letter belong to a code (SQ20260315000123, B0123), not a
        // number — unless they have the very shape of a mobile or an 18-character ID number.
        var inCode = false
        func flush() {
            let mobile = run.count == 11 && run[0] == "1" && ("3"..."9").contains(run[1])
            if run.count >= 7, !inCode || mobile || run.count == 18 {
                let r = String(run)
                out += run.count == 15 || run.count == 18 ? idNumber(r) : phone(r)
            } else {
                out += String(run)
            }
            run.removeAll()
        }
        var previous: Character?
        for c in s {
            let fullWidthDigit = c.unicodeScalars.count == 1 && (0xFF10...0xFF19).contains(c.unicodeScalars.first!.value)
            if (c.isASCII && c.isNumber) || fullWidthDigit || (!run.isEmpty && (c == "X" || c == "x") && (run.count == 14 || run.count == 17)) {
                if run.isEmpty { inCode = previous.map { $0.isASCII && $0.isLetter } ?? false }
                run.append(c)
            } else {
                flush()
                out.append(c)
            }
            previous = c
        }
        flush()
        return out
    }

    static func keep(_ s: String, first: Int, last: Int) -> String {
        let chars = Array(s)
        // Too short to keep both ends and hide anything: hide it all.
        guard chars.count > first + last else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(first)) + String(repeating: "*", count: chars.count - first - last) + String(chars.suffix(last))
    }
}
