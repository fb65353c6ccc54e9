import GridModel

extension AddressResolver {
    /// How much each part of an address says about which building it is.
    static let weights: [String: Double] = ["province": 0.5, "city": 0.5, "district": 1, "street": 1, "community": 1,
                                            "road": 2, "road_number": 2, "compound": 3, "building": 3, "household": 1]

    /// Suffixes of administrative names, longest first, and the level each names.
    static let levelSuffixes: [(String, AreaLevel)] = [("自治州", .city), ("街道", .street), ("社区", .community), ("省", .province),
                                                       ("市", .city), ("州", .city), ("区", .district), ("县", .district),
                                                       ("旗", .district), ("镇", .street), ("乡", .street), ("村", .community)]
    /// Names ending in 区 that are places inside a community, not districts.
    static let notDistricts = ["小区", "园区", "校区", "厂区", "景区", "片区", "新区小区"]

    /// The first administrative name in `text` (西区, 仁和县, 大河中路街道): a level's suffix with
    /// one to eight characters before it; nil when there is none.
    static func administrativeName(in text: [Unicode.Scalar]) -> (AreaLevel, String)? {
        let s = String(String.UnicodeScalarView(text))
        for end in s.indices.dropFirst() + [s.endIndex] {
            let head = s[..<end]
            guard let (suffix, level) = levelSuffixes.first(where: { head.hasSuffix($0.0) }) else { continue }
            let name = String(head)
            guard name.count > suffix.count, name.count <= suffix.count + 8, !notDistricts.contains(where: { name.hasSuffix($0) }) else { continue }
            return (level, name)
        }
        return nil
    }

    /// Resolves one address; at most `limit` candidates.
    public func resolve(_ text: String, limit: Int = 5) -> AddressMatch {
        let normalised = AddressText.normalise(text)
        let parts = AddressParts(normalised: normalised)
        let names = Array(parts.names.unicodeScalars)

        // The road: known exactly, else one edit from the text before the road number.
        var road: String?, roadFuzzy = false
        if let rt = parts.roadText.map({ Array($0.unicodeScalars) }) {
            road = roads.exact(in: rt)
            if road == nil, let f = roads.fuzzyTail(of: rt) { road = f; roadFuzzy = true }
        }
        // The compound: in the text before the building number, else anywhere, else one edit off.
        var compound: String?, compoundFuzzy = false
        let compoundText = parts.compoundText.map { Array(Self.strippingAreas($0, fullAreaNames).unicodeScalars) }
        if let ct = compoundText { compound = compounds.exact(in: ct) }
        if compound == nil { compound = compounds.exact(in: names) }
        // A typo'd compound must be all of the compound's text, not a tail of something longer.
        if compound == nil, let ct = compoundText, let f = compounds.fuzzy(ct), !f.isEmpty { compound = f; compoundFuzzy = true }
        // Text in the compound's place that is no known compound: a place we do not have.
        var unknownCompound = false
        if compound == nil, var ct = compoundText {
            let r = Array(road?.unicodeScalars ?? "".unicodeScalars)
            if !r.isEmpty, let end = ct.lastIndex(of: r.last!), end + 1 >= r.count, ct[(end + 1 - r.count)...end].elementsEqual(r) {
                ct.removeSubrange(...end)
            }
            unknownCompound = ct.count >= 2
        }

        // Areas named in the text, greedily longest first — outside the road and compound
        // names, which may contain an area's short name (龙珠路 and 龙珠社区).
        var areaText = names
        for known in [road, compound].compactMap({ $0 }) {
            let k = Array(known.unicodeScalars)
            var j = 0
            while j + k.count <= areaText.count {
                if areaText[j..<(j + k.count)].elementsEqual(k) {
                    areaText.replaceSubrange(j..<(j + k.count), with: Array(repeating: "|", count: k.count))
                    j += k.count
                } else { j += 1 }
            }
        }
        var mentioned: [AreaLevel: Set<String>] = [:]
        // Text left between known names before the road or compound: an area the registry does
        // not have (西区 where only 东区 is registered) still names a level, and contradicts.
        var leftovers: [[Unicode.Scalar]] = [[]]
        let prefixEnd = areaText.firstIndex(of: "|") ?? areaText.count
        var i = 0
        while i < areaText.count {
            if let k = areaNames.longestMatch(in: areaText, at: i) {
                for h in areasOfName[Int(k)] { mentioned[h.level, default: []].insert(h.id) }
                i += areaNames.names[Int(k)].count
                leftovers.append([])
            } else {
                if i < prefixEnd { leftovers[leftovers.count - 1].append(areaText[i]) }
                i += 1
            }
        }
        var unknownAreas: [AreaLevel: String] = [:]
        for text in leftovers {
            if let (level, name) = Self.administrativeName(in: text), mentioned[level] == nil, unknownAreas[level] == nil {
                unknownAreas[level] = name
            }
        }

        var found: Set<Int32> = []
        if let compound, let b = parts.building { found.formUnion(byCompoundNumber[compound + "|" + b] ?? []) }
        if let road, let n = parts.roadNumber { found.formUnion(byRoadNumber[road + "|" + n] ?? []) }
        if found.isEmpty, let compound { found.formUnion(byCompound[compound] ?? []) }

        let door = (unit: parts.unit ?? "", room: parts.room)
        var scored: [(AddressMatch.Candidate, key: Bool, fuzzy: Bool)] = []
        for k in found {
            let b = buildings[Int(k)]
            var matched: [String] = [], unmatched: [String] = []
            var total = 0.0, got = 0.0
            func part(_ name: String, _ ok: Bool, fuzzy: Bool = false) {
                let w = Self.weights[name] ?? 1
                total += w
                if ok { got += fuzzy ? 0.8 * w : w; matched.append(name) } else { unmatched.append(name) }
            }
            for level in AreaLevel.allCases {
                if let ids = mentioned[level] { part(level.rawValue, b.placement[level].map(ids.contains) ?? false) }
                if unknownAreas[level] != nil { part(level.rawValue, false) }
            }
            if let road { part("road", b.road == road, fuzzy: roadFuzzy) }
            if let n = parts.roadNumber, road != nil || b.roadNumber == n { part("road_number", b.roadNumber == n) }
            if let compound { part("compound", b.compound == compound, fuzzy: compoundFuzzy) } else if unknownCompound { part("compound", false) }
            if let n = parts.building { part("building", b.number == n) }
            var household: String?
            if let room = door.room {
                let h = doors[b.id + "|" + door.unit + "|" + room]
                household = h == "?" ? nil : h
                part("household", household != nil)
            }
            let byCompound = compound != nil && b.compound == compound && parts.building != nil && b.number == parts.building
            let byRoad = road != nil && b.road == road && parts.roadNumber != nil && b.roadNumber == parts.roadNumber
                && (parts.building == nil ? found.count == 1 : b.number == parts.building)
            scored.append((AddressMatch.Candidate(score: total > 0 ? got / total : 0, building: b.id, address: b.address,
                                                  household: household, placement: b.placement,
                                                  units: [], matched: matched, unmatched: unmatched),
                           key: byCompound || byRoad, fuzzy: roadFuzzy || compoundFuzzy))
        }
        scored.sort { $0.0.score > $1.0.score || ($0.0.score == $1.0.score && $0.0.building < $1.0.building) }
        // Exact: the building is pinned by its own parts, everything named agrees, and every
        // other candidate disagrees on something more than the door. Probable: pinned, none of
        // the building's own parts (road, number, compound, building) contradicted — a wrong or
        // missing area or door is tolerated — and no other pinned candidate within 0.1.
        var certainty = AddressMatch.Certainty.none
        if let best = scored.first {
            let others = scored.dropFirst()
            let rival = others.contains { $0.key && $0.0.score >= best.0.score - 0.1 }
            if best.key, best.0.unmatched.isEmpty, !best.fuzzy,
               others.allSatisfy({ $0.0.unmatched.contains { $0 != "household" } }) {
                certainty = .exact
            } else if best.key, best.0.score >= 0.75, !rival,
                      !best.0.unmatched.contains(where: { ["compound", "building", "road", "road_number"].contains($0) }) {
                certainty = .probable
            } else {
                certainty = .ambiguous
            }
        }
        let candidates = scored.prefix(limit).map { c -> AddressMatch.Candidate in
            var c = c.0
            c.units = areaDirectory.units(for: c.placement)
            return c
        }
        var read: [(name: String, value: String)] = []
        for level in AreaLevel.allCases where level != .grid {
            if let ids = mentioned[level] {
                read.append((level.rawValue, ids.compactMap { areaDirectory[$0]?.name }.sorted().joined(separator: "|")))
            } else if let name = unknownAreas[level] {
                read.append((level.rawValue, name))
            }
        }
        let numbered: [(String, String?)] = [("road", road), ("road_number", parts.roadNumber), ("compound", compound),
                                             ("building", parts.building), ("unit", parts.unit), ("floor", parts.floor), ("room", parts.room)]
        for (name, value) in numbered { if let value { read.append((name, value)) } }
        return AddressMatch(query: text, normalised: normalised, parts: read, match: certainty, candidates: candidates)
    }
}
