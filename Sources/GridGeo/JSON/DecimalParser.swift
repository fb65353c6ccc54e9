#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fast, correctly rounded parsing of decimal numbers from ASCII bytes.
///
/// Coordinates have at most ~15 significant digits, so almost every number takes Clinger's
/// exact fast path (integer mantissa × or ÷ an exact power of ten); the rest go to `strtod`.
public enum DecimalParser {
    private static let powersOfTen: [Double] = (0...22).map { e in
        var p = 1.0
        for _ in 0..<e { p *= 10 }
        return p
    }

    /// Parses `[+-]digits[.digits][(e|E)[+-]digits]`; nil for anything else.
    public static func parse(_ s: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        let n = s.count
        guard n > 0 else { return nil }
        var negative = false
        if s[0] == UInt8(ascii: "-") { negative = true; i = 1 } else if s[0] == UInt8(ascii: "+") { i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        while i < n, s[i] &- 0x30 < 10 {
            sawDigit = true
            if digits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(s[i] &- 0x30)
                if mantissa != 0 { digits += 1 }
            } else {
                exponent += 1
            }
            i += 1
        }
        if i < n, s[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, s[i] &- 0x30 < 10 {
                sawDigit = true
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(s[i] &- 0x30)
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < n, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < n, s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+") {
                expNegative = s[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < n, s[i] &- 0x30 < 10 else { return nil }
            var e = 0
            while i < n, s[i] &- 0x30 < 10 {
                if e < 100_000 { e = e * 10 + Int(s[i] &- 0x30) }
                i += 1
            }
            exponent += expNegative ? -e : e
        }
        guard i == n else { return nil }
        if digits <= 15 && mantissa < (1 << 53) && exponent >= -22 && exponent <= 22 {
            var d = Double(mantissa)
            d = exponent < 0 ? d / powersOfTen[-exponent] : d * powersOfTen[exponent]
            return negative ? -d : d
        }
        return slowPath(s)
    }

    public static func parse(_ s: Substring) -> Double? {
        var copy = s
        return copy.withUTF8 { parse($0) }
    }

    private static func slowPath(_ s: UnsafeBufferPointer<UInt8>) -> Double? {
        var bytes = Array(s)
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { p -> Double? in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { cs in
                var end: UnsafeMutablePointer<CChar>?
                let d = strtod(cs, &end)
                guard let end, end - UnsafeMutablePointer(mutating: cs) == s.count else { return nil }
                return d
            }
        }
    }
}
