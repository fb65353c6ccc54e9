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

    /// Free text (a petition's words, an address, a note) with every phone and ID number
    /// masked, however it was typed: residents write them into everything, with spaces, dashes,
    /// dots or brackets between the groups (138-1234-5678, (0812) 333 4444, 5104 0219 9001 0112 34),
    /// with `+86`, in full-width digits. No list of "phone here" words would catch them all, so the
    /// text's digit groups are read as numbers: a run of groups shaped like a mobile (with or
    /// without 86), a landline with its area code, a local number (1234-5678) or a 15- or
    /// 18-character ID number is masked, and so is any unbroken run of seven or more digits.
    /// Dates, times, room numbers (12-3-1001) and codes after Latin letters (SQ2026…, B0123)
    /// keep their digits.
    public static func text(_ s: String) -> String {
        let chars = Array(s)
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var i = 0
        while i < chars.count {
            guard digit(chars[i]) != nil else {
                out.append(chars[i])
                i += 1
                continue
            }
            let groups = digitGroups(chars, from: i)
            let afterLetter = i > 0 && chars[i - 1].isASCII && chars[i - 1].isLetter
            var hidden = Set<Int>()  // indices into chars to print as '*'
            var g = 0
            while g < groups.count {
                // The longest run of groups from g that has the shape of a personal number.
                var matched: (last: Int, keepFirst: Int, keepLast: Int)?
                var joined: [Character] = []
                for h in g..<min(groups.count, g + 8) {
                    joined += groups[h].digits
                    if let keep = shape(joined, groupCount: h - g + 1, inCode: afterLetter && g == 0) {
                        matched = (h, keep.first, keep.last)
                    }
                }
                if let m = matched {
                    let positions = groups[g...m.last].flatMap(\.positions)
                    for (k, at) in positions.enumerated() where k >= m.keepFirst && k < positions.count - m.keepLast { hidden.insert(at) }
                    g = m.last + 1
                } else {
                    g += 1
                }
            }
            let end = groups.last!.end
            for k in i..<end { out.append(hidden.contains(k) ? "*" : chars[k]) }
            i = end
        }
        return out
    }

    /// Whether an 18- or 15-digit number carries a birth date where an ID number does
    /// (YYYYMMDD or YYMMDD after the 6-digit region): what tells it from a date and a phone
    /// written one after the other.
    static func bornOn(_ d: [Character]) -> Bool {
        func number(_ r: Range<Int>) -> Int? { Int(String(d[r])) }
        let (y, m, day) = d.count == 18 ? (number(6..<10), number(10..<12), number(12..<14)) : (number(6..<8).map { $0 + 1900 }, number(8..<10), number(10..<12))
        guard let y, let m, let day else { return false }
        return (1850...2100).contains(y) && (1...12).contains(m) && (1...31).contains(day)
    }

    /// A digit group: its digits (ASCII) and where each stands in the text.
    struct DigitGroup {
        var digits: [Character] = []
        var positions: [Int] = []
        var end: Int { positions.last! + 1 }
    }

    /// The digit groups starting at `start`, joined by at most two separator characters (spaces,
    /// dashes, dots, brackets, a plus) each; an ID number's final X closes its group.
    static func digitGroups(_ chars: [Character], from start: Int) -> [DigitGroup] {
        var groups: [DigitGroup] = [DigitGroup()]
        var j = start
        while j < chars.count {
            if let d = digit(chars[j]) {
                groups[groups.count - 1].digits.append(d)
                groups[groups.count - 1].positions.append(j)
                j += 1
                continue
            }
            let total = groups.reduce(0) { $0 + $1.digits.count }
            if "Xx\u{FF38}\u{FF58}".contains(chars[j]), total == 14 || total == 17 || groups.last!.digits.count == 14 || groups.last!.digits.count == 17 {
                groups[groups.count - 1].digits.append("X")
                groups[groups.count - 1].positions.append(j)
                j += 1
                break
            }
            var k = j
            while k < chars.count, k - j < 2, separators.contains(chars[k]) { k += 1 }
            guard k > j, k < chars.count, digit(chars[k]) != nil else { break }
            groups.append(DigitGroup())
            j = k
        }
        return groups
    }

    static let separators: Set<Character> = [" ", "\u{3000}", "\u{00A0}", "-", "\u{2010}", "\u{2011}", "\u{2013}", "\u{2014}", "\u{FF0D}",
                                             ".", "\u{FF0E}", "(", ")", "\u{FF08}", "\u{FF09}", "+", "\u{FF0B}"]

    /// The digit of an ASCII or full-width digit character.
    static func digit(_ c: Character) -> Character? {
        guard let v = c.unicodeScalars.first?.value, c.unicodeScalars.count == 1 else { return nil }
        if (48...57).contains(v) { return c }
        if (0xFF10...0xFF19).contains(v) { return Character(Unicode.Scalar(v - 0xFF10 + 48)!) }
        return nil
    }

    /// How many digits to keep at each end when `d` (digits of `groupCount` groups) is a phone or
    /// ID number, or nil when it is not one.
    static func shape(_ d: [Character], groupCount: Int, inCode: Bool) -> (first: Int, last: Int)? {
        func mobile(_ m: ArraySlice<Character>) -> Bool { m.count == 11 && m.first == "1" && ("3"..."9").contains(m[m.startIndex + 1]) }
        if d.count == 18 || (d.count == 15 && d.last != "X"), bornOn(d) { return (4, 4) }
        if mobile(d[...]) { return (3, 4) }
        if d.count == 13, d.starts(with: ["8", "6"]), mobile(d.dropFirst(2)) { return (5, 4) }
        if inCode { return nil }
        // A landline with its area code: 0 + 2–3 digits + 7–8 digits.
        if d.first == "0", (10...12).contains(d.count) { return (3, 4) }
        // Shorter numbers keep only their last digits: with three kept in front, nothing would be hidden.
        if groupCount == 1 { return d.count >= 7 ? (0, 4) : nil }
        // A local number written in two groups (8765-4321), unless both look like years (2020-2025).
        if groupCount == 2, (7...8).contains(d.count), d.first != "0" {
            let years = d.count == 8 && [String(d[0...1]), String(d[4...5])].allSatisfy { $0 == "19" || $0 == "20" }
            return years ? nil : (0, 4)
        }
        return nil
    }

    static func keep(_ s: String, first: Int, last: Int) -> String {
        let chars = Array(s)
        // Too short to keep both ends and hide anything: hide it all.
        guard chars.count > first + last else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(first)) + String(repeating: "*", count: chars.count - first - last) + String(chars.suffix(last))
    }
}
