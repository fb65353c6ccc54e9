extension RandomNumberGenerator {
    /// `words` × 64 random bits as lowercase hex, 16 digits a word (zeros kept): secrets, tokens.
    public mutating func hex(words: Int) -> String {
        var s = ""
        for _ in 0..<words {
            let digits = String(next(), radix: 16)
            s += String(repeating: "0", count: 16 - digits.count) + digits
        }
        return s
    }
}
