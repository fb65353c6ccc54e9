/// Builds compact JSON text into a byte buffer. Numbers use Swift's shortest round-trip form.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []

    public init(reservingCapacity n: Int = 256) { bytes.reserveCapacity(n) }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Empties the buffer (after its bytes were written out), keeping its capacity.
    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    public mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }
    public mutating func raw(_ c: UInt8) { bytes.append(c) }

    public mutating func write(_ v: JSONValue) {
        switch v {
        case .null: raw("null")
        case .bool(let b): raw(b ? "true" : "false")
        case .number(let d): number(d)
        case .string(let s): string(s)
        case .array(let a):
            raw(UInt8(ascii: "["))
            for (k, item) in a.enumerated() {
                if k > 0 { raw(UInt8(ascii: ",")) }
                write(item)
            }
            raw(UInt8(ascii: "]"))
        case .object(let o):
            raw(UInt8(ascii: "{"))
            for (k, m) in o.members.enumerated() {
                if k > 0 { raw(UInt8(ascii: ",")) }
                string(m.key)
                raw(UInt8(ascii: ":"))
                write(m.value)
            }
            raw(UInt8(ascii: "}"))
        }
    }

    /// A number; integral values print without a fraction, non-finite ones as null.
    public mutating func number(_ d: Double) {
        guard d.isFinite else { raw("null"); return }
        if d.rounded() == d && abs(d) < 1e15 {
            raw(String(Int64(d)))
        } else {
            raw(d.description)
        }
    }

    /// A number rounded to `decimals` places, written as fixed-point digits with trailing zeros
    /// dropped — the same value `number((d * 10^decimals).rounded() / 10^decimals)` writes,
    /// without the cost of the shortest-round-trip algorithm (heat maps write ~100,000
    /// coordinates a response).
    public mutating func fixed(_ d: Double, decimals: Int, scale: Double) {
        let scaled = (d * scale).rounded()
        guard scaled.isFinite, abs(scaled) < 9e15 else { number(scaled / scale); return }
        var n = Int64(scaled)
        if n < 0 { raw(UInt8(ascii: "-")); n = -n }
        var divisor: Int64 = 1
        for _ in 0..<decimals { divisor *= 10 }
        var whole = n / divisor, fraction = n % divisor
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var k = 0
            repeat {
                buffer[k] = UInt8(48 + whole % 10)
                whole /= 10
                k += 1
            } while whole > 0
            while k > 0 { k -= 1; bytes.append(buffer[k]) }
        }
        guard fraction > 0 else { return }
        var places = decimals
        while fraction % 10 == 0 { fraction /= 10; places -= 1 }
        raw(UInt8(ascii: "."))
        var p: Int64 = 1
        for _ in 1..<places { p *= 10 }
        while p > 0 {
            bytes.append(UInt8(48 + fraction / p % 10))
            p /= 10
        }
    }

    public mutating func string(_ s: String) {
        raw(UInt8(ascii: "\""))
        // Most text needs no escapes: copy it whole (a byte loop was a hot spot of /locate).
        let copied: Bool? = s.utf8.withContiguousStorageIfAvailable { text in
            for c in text where c < 0x20 || c == 0x22 || c == 0x5C { return false }
            bytes.append(contentsOf: text)
            return true
        }
        if copied == true {
            raw(UInt8(ascii: "\""))
            return
        }
        for c in s.utf8 {
            switch c {
            case 0x22: raw("\\\"")
            case 0x5C: raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                raw("\\u00")
                raw(hex[Int(c >> 4)])
                raw(hex[Int(c & 0xF)])
            default: bytes.append(c)
            }
        }
        raw(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// Compact JSON text.
    public var jsonText: String {
        var w = JSONWriter()
        w.write(self)
        return w.string
    }
}
