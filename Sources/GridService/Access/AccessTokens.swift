import GridModel
import GridStore

/// Creates, revokes and checks API tokens. The secret is returned once, at creation; the store
/// keeps only its SHA-256.
public struct AccessTokens: Sendable {
    public let store: GridStore

    public init(store: GridStore) { self.store = store }

    /// Why a token cannot be created as asked.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// A new token for `role`, scoped to `area` or `unit` where the role needs one.
    /// - Returns: the stored token and its secret (shown to the caller once, never stored).
    public func create(role: Role, area: String? = nil, unit: String? = nil, label: String? = nil, by actor: String,
                       at now: Timestamp) throws -> (token: ApiToken, secret: String) {
        if role.needsUnit, unit == nil { throw Refusal(description: "a \(role.rawValue) token needs --unit ID: the unit whose petitions it handles") }
        if role.needsArea, area == nil { throw Refusal(description: "a \(role.rawValue) token needs --area ID: the grid cell (or larger area) it covers") }
        if !role.needsUnit, unit != nil { throw Refusal(description: "--unit applies to unit tokens only") }
        if !role.needsArea, area != nil { throw Refusal(description: "--area applies to grid_worker tokens only") }
        if let unit, !(try store.units().contains { $0.id == unit }) { throw Refusal(description: "no unit '\(unit)'") }
        if let area, !(try store.areaIDs().contains(area)) { throw Refusal(description: "no area '\(area)'") }
        var rng = SystemRandomNumberGenerator()
        let secret = ApiToken.newSecret(using: &rng)
        let token = ApiToken(id: ApiToken.id(of: secret), role: role, area: area, unit: unit, label: label, createdAt: now)
        try store.insertToken(token, secretSHA256: SHA256.hex(secret), by: actor)
        return (token, secret)
    }

    /// The active token a secret names, or nil (unknown or revoked).
    public func token(forSecret secret: String) throws -> ApiToken? {
        try store.activeToken(secretSHA256: SHA256.hex(secret))
    }

    /// Revokes a token by its id; false when there is no such active token.
    public func revoke(id: String, by actor: String, at now: Timestamp) throws -> Bool {
        try store.revokeToken(id: id, at: now, by: actor)
    }
}
