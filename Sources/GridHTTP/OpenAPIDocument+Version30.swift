import Foundation
import GridGeo
import GridService

/// The API description in OpenAPI 3.0 as well as 3.1: OWSLib looks for a 3.0 `service-desc` and
/// GDAL reads 3.0, while validators and newer tools read 3.1. One document is written (3.1); the
/// 3.0 one is derived from it, so the two can never drift.
extension OpenAPIDocument {
    static let mediaType30 = "application/vnd.oai.openapi+json;version=3.0"

    /// Which description a request asks for: `version=3.0|3.1` in the query wins; else the
    /// `Accept` header (a `version=3.1` media type gets 3.1); else 3.0, which every OGC client
    /// reads. The content type names the version, or is plain `application/json` for a client
    /// that asked only for that.
    static func negotiate(version: String?, accept: String?) -> (document: JSONValue, contentType: String)? {
        let accept = (accept ?? "").lowercased().replacingOccurrences(of: " ", with: "")
        let wants31: Bool
        switch version {
        case "3.1"?: wants31 = true
        case "3.0"?: wants31 = false
        case nil: wants31 = accept.contains("version=3.1") && !accept.contains("version=3.0")
        default: return nil
        }
        let plainJSON = version == nil && accept.contains("application/json") && !accept.contains("openapi")
        if wants31 { return (served31, plainJSON ? "application/json" : mediaType) }
        return (served30, plainJSON ? "application/json" : mediaType30)
    }

    static let served31: JSONValue = document(collections: FeatureLayer.all.map(\.collectionID))
    static let served30: JSONValue = {
        guard case .object(var o) = version30(served31) else { return .null }
        o["openapi"] = "3.0.3"
        return .object(o)
    }()

    /// A 3.1 document or schema rewritten with 3.0's words: `type: [T, "null"]` becomes `type: T`
    /// with `nullable: true`, `{"type": "null"}` in a `oneOf` becomes `nullable` on the rest,
    /// `const: v` becomes `enum: [v]`.
    static func version30(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items):
            return .array(items.map(version30))
        case .object(let object):
            var out = JSONObject()
            var nullable = false
            for (key, member) in object {
                switch (key, member) {
                case ("type", .array(let types)):
                    let named = types.filter { $0 != "null" }
                    nullable = nullable || named.count < types.count
                    if named.count == 1 {
                        out["type"] = named[0]
                    } else {
                        out["oneOf"] = .array(named.map { .object(JSONObject([("type", $0)])) })
                    }
                case ("oneOf", .array(let options)), ("anyOf", .array(let options)):
                    let kept = options.filter { $0 != .object(JSONObject([("type", "null")])) }
                    nullable = nullable || kept.count < options.count
                    if kept.count == 1, case .object(let only) = version30(kept[0]) {
                        for (k, v) in only { out[k] = v }
                    } else {
                        out[key] = .array(kept.map(version30))
                    }
                case ("const", let v):
                    out["enum"] = .array([v])
                default:
                    out[key] = version30(member)
                }
            }
            if nullable { out["nullable"] = .bool(true) }
            return .object(out)
        default:
            return value
        }
    }
}
