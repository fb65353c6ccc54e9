/// What a desk session holds (in the store, by the SHA-256 of the cookie's value): who signed
/// in, under which generation of their credentials, and the token the page's writes carry
/// against cross-site request forgery.
public struct DeskSession: Codable, Sendable, Equatable {
    public var user: String
    public var generation: Int
    /// Sent back in `X-CSRF-Token` with every write the page makes; a forged cross-site form
    /// cannot read it.
    public var csrf: String

    /// The header writes carry the CSRF token in.
    public static let csrfHeader = "X-CSRF-Token"
}
