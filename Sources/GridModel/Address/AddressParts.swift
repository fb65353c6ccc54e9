/// The numbered parts of a normalised address and the name text around them: what the
/// matcher compares with the registry.
public struct AddressParts: Sendable, Equatable {
    /// The name text before the first number (province … road), and between the road number
    /// and the building (the compound), with the numbers taken out.
    public var names: String = ""
    public var compoundText: String?
    /// The text right before the road number (ends with the road name when there is one).
    public var roadText: String?
    public var roadNumber: String?
    public var building: String?
    public var unit: String?
    public var floor: String?
    public var room: String?

    public init() {}

    /// Splits a normalised address (`AddressText.normalise`) into its numbered parts.
    public init(normalised s: String) {
        let chars = Array(s)
        var i = 0
        var text = ""           // name text since the last number
        var allNames = ""
        func take(_ marker: String, at j: Int) -> Bool {
            let m = Array(marker)
            guard j + m.count <= chars.count else { return false }
            return Array(chars[j..<(j + m.count)]) == m
        }
        while i < chars.count {
            guard chars[i].isASCII, chars[i].isNumber else {
                text.append(chars[i])
                i += 1
                continue
            }
            var j = i
            while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
            let raw = String(chars[i..<j])
            let stripped = raw.drop { $0 == "0" }
            let n = stripped.isEmpty ? "0" : String(stripped)  // 03栋 is 3栋
            if take("号", at: j), roadNumber == nil, building == nil {
                roadNumber = n
                roadText = text
                allNames += text
                text = ""
                i = j + 1
            } else if take("栋", at: j), building == nil {
                building = n
                if !text.isEmpty {
                    if roadNumber != nil || compoundText == nil { compoundText = text }
                    allNames += text
                }
                text = ""
                i = j + 1
            } else if take("单元", at: j), unit == nil {
                unit = n
                i = j + 2
            } else if take("层", at: j) || (take("楼", at: j) && unit != nil), floor == nil {
                floor = n
                i = j + 1
            } else if take("室", at: j) {
                room = n
                i = j + 1
            } else if building != nil, room == nil, j == chars.count || !chars[j].isLetter || chars[j].isASCII {
                // A bare number after the building: the room (阳光小区3栋2单元501).
                room = n
                i = j
            } else {
                // A number inside a name (a road number without 号 is not guessed at).
                text += String(chars[i..<j])
                i = j
            }
        }
        allNames += text
        if building == nil, roadNumber != nil, !text.isEmpty { compoundText = text }
        names = allNames
    }
}
