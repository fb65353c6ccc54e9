import GridModel

/// Known names (roads, compounds, areas) found in typed text: exactly anywhere, or within one
/// edit (a wrong, missing or extra character) of a piece of text. Works on Unicode scalars (see
/// `AddressText`); names are bucketed by first scalar and by length.
struct NameIndex: Sendable {
    typealias Scalars = [Unicode.Scalar]
    let names: [Scalars]
    /// First scalar → indexes into `names`, longest first.
    let byFirst: [Unicode.Scalar: [Int32]]
    let byLength: [Int: [Int32]]
    let longest: Int

    init(_ names: some Sequence<String>) {
        let all = Set(names).filter { !$0.isEmpty }.sorted().map { Array($0.unicodeScalars) }
        self.names = all
        var first: [Unicode.Scalar: [Int32]] = [:], length: [Int: [Int32]] = [:]
        for (k, n) in all.enumerated() {
            first[n[0], default: []].append(Int32(k))
            length[n.count, default: []].append(Int32(k))
        }
        byFirst = first.mapValues { $0.sorted { all[Int($0)].count > all[Int($1)].count } }
        byLength = length
        longest = self.names.map(\.count).max() ?? 0
    }

    func name(_ k: Int32) -> String {
        var v = String.UnicodeScalarView()
        v.append(contentsOf: names[Int(k)])
        return String(v)
    }

    /// The longest name (2 scalars or more) that starts at `start`, if any.
    func longestMatch(in text: Scalars, at start: Int) -> Int32? {
        for k in byFirst[text[start]] ?? [] {
            let n = names[Int(k)]
            if n.count >= 2, start + n.count <= text.count, text[start..<(start + n.count)].elementsEqual(n) { return k }
        }
        return nil
    }

    /// The longest known name occurring in `text` (the last one on ties).
    func exact(in text: Scalars) -> String? {
        var best: Int32?
        for start in text.indices {
            if let k = longestMatch(in: text, at: start), best == nil || names[Int(k)].count >= names[Int(best!)].count { best = k }
        }
        return best.map(name)
    }

    /// The known name within one edit of a tail of `text` (the longest tail that has one);
    /// nil when none, or more than one, is. Tails and names under 3 characters are too short
    /// to tell a typo from another name.
    func fuzzyTail(of text: Scalars) -> String? {
        guard text.count >= 3 else { return nil }
        for tail in stride(from: min(text.count, longest + 1), through: 3, by: -1) {
            if let found = fuzzy(Array(text[(text.count - tail)...])) { return found.isEmpty ? nil : found }
        }
        return nil
    }

    /// The known name within one edit of `piece`: nil when none is, "" when several are.
    func fuzzy(_ piece: Scalars) -> String? {
        guard piece.count >= 3 else { return nil }
        var found: Int32?
        for len in (piece.count - 1)...(piece.count + 1) where len >= 3 {
            for k in byLength[len] ?? [] where AddressText.withinOneEdit(piece, names[Int(k)]) {
                if found != nil { return "" }
                found = k
            }
        }
        return found.map(name)
    }
}
