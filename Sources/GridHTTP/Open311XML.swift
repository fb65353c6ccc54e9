import GridGeo

/// Open311's XML: the same trees as its JSON, written as elements. A list inside a record is an
/// element holding one child per item, named by the singular (`attributes` → `attribute`);
/// null is an empty element, booleans and numbers are their JSON text.
enum Open311XML {
    /// The singular of each list the standard has inside a record.
    static let itemNames = ["attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"]

    /// A document whose root holds `children` (name, value) in order.
    static func document(root: String, children: [(String, JSONValue)]) -> String {
        var out = #"<?xml version="1.0" encoding="utf-8"?>"# + "\n<\(root)>"
        for (name, value) in children { element(name, value, into: &out) }
        return out + "</\(root)>\n"
    }

    /// A document whose root is `value` (an object).
    static func document(root: String, value: JSONValue) -> String {
        document(root: root, children: value.objectValue.map { o in o.keys.map { ($0, o[$0]!) } } ?? [])
    }

    static func element(_ name: String, _ value: JSONValue, into out: inout String) {
        switch value {
        case .null:
            out += "<\(name)/>"
        case .object(let o):
            out += "<\(name)>"
            for key in o.keys { element(key, o[key]!, into: &out) }
            out += "</\(name)>"
        case .array(let items):
            let item = itemNames[name] ?? "item"
            out += "<\(name)>"
            for v in items { element(item, v, into: &out) }
            out += "</\(name)>"
        case .string(let s):
            out += "<\(name)>\(escaped(s))</\(name)>"
        default:
            out += "<\(name)>\(value.jsonText)</\(name)>"
        }
    }

    /// Text as XML character data: markup escaped, characters XML 1.0 cannot carry left out.
    static func escaped(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
