import GridModel

/// Creates, revokes and checks API tokens. The secret is returned once, at creation; the store
/// keeps only its SHA-256.
public struct AccessTokens: Sendable {
    let store: any WanggeStore
    /// The active tokens by their secret's SHA-256: every authenticated request looks one up,
    /// and a revocation (also by `wangge token revoke` in another process) shows within a second.
    private let active: StoreSnapshot<[String: ApiToken]>

    public init(store: any WanggeStore) {
        self.store = store
        // Checked four times a second, so that a revocation in another process bites well within one.
        active = StoreSnapshot(store: store, recheckSeconds: 0.25, following: .tokens) { try $0.activeTokensBySecretHash() }
    }

    /// Why a token cannot be created as asked.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// A new token for `role`, scoped to `area` or `unit` where the role needs one.
    /// - Returns: the stored token and its secret (shown to the caller once, never stored).
    public func create(role: Role, area: String? = nil, unit: String? = nil, label: String? = nil, by actor: String,
                       at now: Timestamp) throws -> (token: ApiToken, secret: String) {
        try Self.checkScope(role: role, area: area, unit: unit, of: "token", store: store)
        var rng = SystemRandomNumberGenerator()
        let secret = ApiToken.newSecret(using: &rng)
        let token = ApiToken(id: ApiToken.id(of: secret), role: role, area: area, unit: unit, label: label, createdAt: now)
        try store.insertToken(token, secretSHA256: Digests.sha256(secret), by: actor)
        active.expire()
        return (token, secret)
    }

    /// Refuses a scope the role does not take or that names nothing: the one check for tokens
    /// and people's accounts alike.
    static func checkScope(role: Role, area: String?, unit: String?, of what: String, store: any WanggeStore) throws {
        if role.needsUnit, unit == nil { throw Refusal(description: "a \(role.rawValue) \(what) needs --unit ID: the unit whose petitions it handles") }
        if role.needsArea, area == nil { throw Refusal(description: "a \(role.rawValue) \(what) needs --area ID: the grid cell (or larger area) it covers") }
        if !role.needsUnit, unit != nil { throw Refusal(description: "--unit applies to the unit role only") }
        if !role.needsArea, area != nil { throw Refusal(description: "--area applies to the grid_worker role only") }
        if let unit, !(try store.units().contains { $0.id == unit }) { throw Refusal(description: "no unit '\(unit)'") }
        if let area, !(try store.areaIDs().contains(area)) { throw Refusal(description: "no area '\(area)'") }
    }

    /// The active token a secret names, or nil (unknown or revoked).
    public func token(forSecret secret: String) throws -> ApiToken? {
        try active.current()[Digests.sha256(secret)]
    }

    /// Revokes a token by its id; false when there is no such active token.
    public func revoke(id: String, by actor: String, at now: Timestamp) throws -> Bool {
        defer { active.expire() }
        return try store.revokeToken(id: id, at: now, by: actor)
    }
}

extension AccessTokens {
    static let demoLabel = "demo "

    /// The scope for trying each role on the demo: the unit leading the most open petitions, the
    /// grid cell holding the most (roles without a scope: none). A role missing from the answer
    /// has nothing to scope it to (no units, no placed petitions).
    public func demoScopes() throws -> [Role: (area: String?, unit: String?)] {
        let open = try store.openPetitions(unit: nil, area: nil, status: nil)
        func busiest(_ key: (Petition) -> String?) -> String? {
            let counts = Dictionary(grouping: open.compactMap(key), by: { $0 }).mapValues(\.count)
            return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
        }
        let firstUnit = try store.units().first?.id
        var out: [Role: (area: String?, unit: String?)] = [:]
        for role in Role.allCases {
            let unit = role.needsUnit ? busiest(\.unit) ?? firstUnit : nil
            let area = role.needsArea ? busiest { $0.placement[.grid] } : nil
            if (role.needsUnit && unit == nil) || (role.needsArea && area == nil) { continue }
            out[role] = (area, unit)
        }
        return out
    }

    /// One token for every role, for a new user to try the API with: the unit token for the
    /// unit that leads the most open petitions, the grid worker's for the grid cell holding the
    /// most. The previous demo set (tokens labelled `demo …`) is revoked first, so running the
    /// demo again leaves one working set.
    public func createDemoSet(by actor: String, at now: Timestamp) throws -> [(token: ApiToken, secret: String)] {
        for old in try store.tokens() where old.revokedAt == nil && old.label?.hasPrefix(Self.demoLabel) == true {
            _ = try revoke(id: old.id, by: actor, at: now)
        }
        let scopes = try demoScopes()
        return try Role.allCases.compactMap { role in
            guard let scope = scopes[role] else { return nil }
            return try create(role: role, area: scope.area, unit: scope.unit, label: Self.demoLabel + role.rawValue, by: actor, at: now)
        }
    }
}
