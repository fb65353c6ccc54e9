import GridGeo

/// An API token as stored: never the secret itself, only its SHA-256, with the role and scope
/// it grants. The secret is shown once, when created.
public struct ApiToken: Sendable, Equatable {
    /// The secret's first 12 characters (`wg_` and 9 more): enough to name it in lists and to
    /// revoke it, useless for signing in.
    public var id: String
    public var role: Role
    public var area: String?
    public var unit: String?
    public var label: String?
    public var createdAt: Timestamp
    public var revokedAt: Timestamp?

    public init(id: String, role: Role, area: String? = nil, unit: String? = nil, label: String? = nil,
                createdAt: Timestamp, revokedAt: Timestamp? = nil) {
        self.id = id
        self.role = role
        self.area = area
        self.unit = unit
        self.label = label
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// A fresh secret: `wg_` and 48 hex digits (192 random bits).
    public static func newSecret(using rng: inout some RandomNumberGenerator) -> String {
        "wg_" + rng.hex(words: 3)
    }

    /// The scope as lists and logs show it: `unit=U-D`, `area=G1`, or nil for roles without one.
    public var scope: String? { unit.map { "unit=\($0)" } ?? area.map { "area=\($0)" } }

    /// The id of a secret (its first 12 characters).
    public static func id(of secret: String) -> String { String(secret.prefix(12)) }
}
