import GridModel

/// Why a caller was refused: no valid token (HTTP 401), or a token whose role does not allow
/// the request (403). Records outside a caller's scope are not refused but reported missing,
/// so that a refusal never tells whether a hidden record exists.
public enum AccessDenied: Error, Sendable, Equatable {
    case unauthenticated(String)
    case forbidden(String)
}

extension Caller {
    /// Throws unless the caller's role allows `permission`.
    public func require(_ permission: Permission) throws {
        guard !may(permission) else { return }
        let what: String = switch permission {
        case .readPetitions: "read petitions"
        case .takePetitions: "take petitions in"
        case .post(let action): "post '\(action.rawValue)' events"
        case .postEvents: "post events"
        case .readResidents: "read households and persons"
        case .seeSensitiveCategories: "see petitions of sensitive categories"
        case .searchCallers: "find a caller's petitions by phone"
        }
        guard let role else {
            throw AccessDenied.unauthenticated("this needs a token whose role may \(what); none was sent: send Authorization: Bearer wg_… (wangge token create), or from QGIS and other GIS tools HTTP Basic authentication with the token as the password (any user name)")
        }
        throw AccessDenied.forbidden("the \(role.rawValue) role may not \(what)")
    }
}
