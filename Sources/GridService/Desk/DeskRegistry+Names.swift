import GridGeo
import GridModel

extension DeskRegistry {
    /// A unit as lists name it: `{"id", "name"}` (the name null for a unit no longer registered).
    public func namedUnit(_ id: String) -> JSONValue {
        .object(JSONObject([("id", .string(id)), ("name", units[id].map { .string($0.name) } ?? .null)]))
    }

    /// An area as lists name it: `{"id", "name"}` (the name null for an area no longer registered).
    public func namedArea(_ id: String) -> JSONValue {
        .object(JSONObject([("id", .string(id)), ("name", areas[id].map { .string($0.name) } ?? .null)]))
    }
}
