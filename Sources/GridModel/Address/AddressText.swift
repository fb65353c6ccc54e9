/// Brings the forms people type to one: full-width to half-width, Chinese numerals before a
/// unit marker to digits, 幢/座/号楼/# to 栋, 单元号 to 单元, "12-3-1001" to 12栋3单元1001室,
/// and drops spaces, punctuation, a leading postcode and phone numbers. Pure.
///
/// Works on Unicode scalars, not Characters: addresses are CJK and ASCII, where each character
/// is one scalar, and grapheme handling would cost most of the time.
public enum AddressText {
    typealias Scalars = [Unicode.Scalar]

    /// The normalised form of an address as typed.
    public static func normalise(_ text: String) -> String {
        var s: Scalars = []
        s.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            var v = scalar.value
            if v == 0x3000 || scalar.properties.isWhitespace || v == 0xFEFF { continue }
            if (0xFF01...0xFF5E).contains(v) { v -= 0xFEE0 }
            // Dashes of every kind are the shorthand's separator.
            if [0x2014, 0x2013, 0x2015, 0x7E, 0xFF5E].contains(v) { v = 0x2D }
            s.append(Unicode.Scalar(v)!)
        }
        s = stripContact(s)
        s = numeralsToDigits(s)
        for (from, to) in replacements { replaceAll(&s, from, to) }
        s.removeAll { punctuation.contains($0.value) }
        s = expandShorthand(s)
        s.removeAll { $0 == "-" }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s)
        return String(out)
    }

    static let replacements: [(Scalars, Scalars)] = [("号楼", "栋"), ("栋楼", "栋"), ("#楼", "栋"), ("#", "栋"), ("幢", "栋"),
                                                      ("座", "栋"), ("单元号", "单元"), ("号室", "室")]
        .map { (Array($0.0.unicodeScalars), Array($0.1.unicodeScalars)) }
    /// Dashes stay until the shorthand is read.
    static let punctuation = Set(",，。.、;；:：()（）[]【】\"'“”‘’!！?？/\\|_".unicodeScalars.map(\.value))

    /// Whether a and b differ by at most one substitution, insertion or deletion (a typo).
    public static func withinOneEdit(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        if abs(a.count - b.count) > 1 { return false }
        var i = 0, j = 0, edits = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] { i += 1; j += 1; continue }
            edits += 1
            if edits > 1 { return false }
            if a.count > b.count { i += 1 } else if a.count < b.count { j += 1 } else { i += 1; j += 1 }
        }
        return edits + (a.count - i) + (b.count - j) <= 1
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

    static func replaceAll(_ s: inout Scalars, _ from: Scalars, _ to: Scalars) {
        guard let first = from.first, s.contains(first) else { return }
        var out: Scalars = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            if s[i] == first, i + from.count <= s.count, s[i..<(i + from.count)].elementsEqual(from) {
                out.append(contentsOf: to)
                i += from.count
            } else {
                out.append(s[i])
                i += 1
            }
        }
        s = out
    }

    /// Drops a leading postcode and any phone number (mobile, or landline with area code).
    static func stripContact(_ s: Scalars) -> Scalars {
        var chars = s
        func digitRun(from i: Int) -> Int {
            var j = i
            while j < chars.count, isDigit(chars[j]) { j += 1 }
            return j
        }
        // Leading postcode: six digits followed by a non-digit.
        if chars.count > 6, digitRun(from: 0) == 6 { chars.removeFirst(6) }
        var out: Scalars = []
        out.reserveCapacity(chars.count)
        var i = 0
        while i < chars.count {
            if isDigit(chars[i]), i == 0 || !isDigit(chars[i - 1]) {
                let end = digitRun(from: i)
                let run = end - i
                // 11-digit mobile 1[3-9]…, or 0AA(A)-NNNNNNN(N) landline.
                if run == 11, chars[i] == "1", chars[i + 1].value >= 51 {
                    i = end
                    continue
                }
                if chars[i] == "0", (3...4).contains(run), end < chars.count, chars[end] == "-" {
                    let e2 = digitRun(from: end + 1)
                    if (7...8).contains(e2 - end - 1) { i = e2; continue }
                }
                out.append(contentsOf: chars[i..<end])
                i = end
                continue
            }
            out.append(chars[i])
            i += 1
        }
        return out
    }

    static let numeralValue: [Unicode.Scalar: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                                                       "六": 6, "七": 7, "八": 8, "九": 9]
    static let numeralUnits: [Unicode.Scalar: Int] = ["十": 10, "百": 100, "千": 1000]
    static let markers: [Scalars] = ["栋", "幢", "座", "号", "单元", "层", "楼", "室", "#"].map { Array($0.unicodeScalars) }

    static func isNumeral(_ c: Unicode.Scalar) -> Bool { numeralValue[c] != nil || numeralUnits[c] != nil }

    /// Chinese numerals directly before a unit marker become digits: 三栋 → 3栋, 十二号 → 12号,
    /// 二单元 → 2单元, and so does a bare room after the unit. Numerals elsewhere are part of
    /// names (五十四社区) and stay.
    static func numeralsToDigits(_ s: Scalars) -> Scalars {
        guard s.contains(where: isNumeral) else { return s }
        var out: Scalars = []
        var i = 0
        while i < s.count {
            guard isNumeral(s[i]) else { out.append(s[i]); i += 1; continue }
            var j = i
            while j < s.count, isNumeral(s[j]) { j += 1 }
            // Before a marker, or a bare room at the end right after the unit (二单元五〇一).
            let marked = markers.contains { m in j + m.count <= s.count && s[j..<(j + m.count)].elementsEqual(m) }
                || (j == s.count && out.count >= 2 && out[(out.count - 2)...].elementsEqual("单元".unicodeScalars))
            if marked, let n = value(Array(s[i..<j])) {
                out.append(contentsOf: String(n).unicodeScalars)
            } else {
                out.append(contentsOf: s[i..<j])
            }
            i = j
        }
        return out
    }

    /// 十二 → 12, 二十 → 20, 一百零三 → 103, 三〇二 → 302 (digit by digit when no 十百千).
    /// Nil when the numerals are not a number or it would not fit in an `Int` (nineteen 九s
    /// typed by a careless or hostile hand): the text then stays as it was typed.
    static func value(_ c: Scalars) -> Int? {
        if !c.contains(where: { numeralUnits[$0] != nil }) {
            var v = 0
            for ch in c {
                guard let d = numeralValue[ch] else { return nil }
                let (times, o1) = v.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times.addingReportingOverflow(d)
                if o1 || o2 { return nil }
                v = sum
            }
            return v
        }
        var total = 0, current = 0
        for ch in c {
            if let d = numeralValue[ch] { current = d; continue }
            let (part, o1) = (current == 0 ? 1 : current).multipliedReportingOverflow(by: numeralUnits[ch] ?? 1)
            let (sum, o2) = total.addingReportingOverflow(part)
            if o1 || o2 { return nil }
            total = sum
            current = 0
        }
        let (result, overflow) = total.addingReportingOverflow(current)
        return overflow ? nil : result
    }

    /// "12-3-1001" → 12栋3单元1001室 and "12栋3-1001" → 12栋3单元1001室 (dashes between digits).
    static func expandShorthand(_ s: Scalars) -> Scalars {
        guard s.contains("-") else { return s }
        var out: Scalars = []
        var i = 0
        while i < s.count {
            guard isDigit(s[i]) else { out.append(s[i]); i += 1; continue }
            var numbers: [Scalars] = []
            var j = i
            while true {
                let start = j
                while j < s.count, isDigit(s[j]) { j += 1 }
                numbers.append(Array(s[start..<j]))
                if j + 1 < s.count, s[j] == "-", isDigit(s[j + 1]) { j += 1 } else { break }
            }
            let afterBuilding = out.last == "栋"
            func add(_ t: String) { out.append(contentsOf: t.unicodeScalars) }
            switch (numbers.count, afterBuilding) {
            case (3, _):
                out += numbers[0]; add("栋"); out += numbers[1]; add("单元"); out += numbers[2]; add("室")
            case (2, true):
                out += numbers[0]; add("单元"); out += numbers[1]; add("室")
            default:
                for (k, n) in numbers.enumerated() { if k > 0 { out.append("-") }; out += n }
            }
            i = j
        }
        return out
    }
}
