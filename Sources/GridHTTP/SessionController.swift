import Foundation
import GridGeo
import GridModel
import GridService
import Hummingbird
import HummingbirdAuth
import HummingbirdOTP

/// People's sign-in for the desk: `POST /session` (name, password, TOTP code if enrolled),
/// `GET /session` (who is signed in, and the CSRF token the page's writes carry),
/// `DELETE /session` (sign out). The cookie (`HttpOnly`, `SameSite=Strict`, `Secure` behind
/// TLS) is hummingbird-auth's; the session lives in Wangge's store.
struct SessionController {
    typealias Context = WanggeRequestContext
    let accounts: UserAccounts
    let desk: PetitionDesk

    /// The cookie's name.
    static let cookieName = "wangge_session"

    func addRoutes(to router: Router<Context>) {
        router.post("/session") { request, context in try await signIn(request, context) }
        router.get("/session") { request, context in try current(request, context) }
        router.delete("/session") { request, context in try await signOut(request, context) }
    }

    func signIn(_ request: Request, _ context: Context) async throws -> Response {
        _ = try ParameterReader(request, allowed: [])
        var r = FieldReader(try await Problem.jsonObject(request))
        let name = r.string("name"), password = r.string("password"), code = r.string("code")
        if name == nil { r.problem("name", "required: the user name", kind: .required) }
        if password == nil { r.problem("password", "required", kind: .required) }
        guard let name, let password, r.problems.isEmpty else { throw DeskError.invalid(r.problems) }
        let (accounts, origin, now) = (accounts, context.caller.origin, desk.now())
        let outcome = try await blocking {
            try accounts.signIn(name: name, password: password, code: code, origin: origin, at: now) { secret, code in
                Self.codeMatches(secret: secret, code: code, at: now)
            }
        }
        switch outcome {
        case .signedIn(let account):
            let session = DeskSession(user: account.name, generation: account.generation, csrf: Self.newCSRFToken())
            context.sessions.createSession(session, expiresIn: .seconds(accounts.policy.maxSeconds))
            return .json(try Self.json(account, session: session, desk: desk), status: .created)
        case .refused(let failures):
            // Held longer with every wrong password in a row: guessing is slow before the lock.
            let delay = accounts.policy.delayMilliseconds(afterFailures: failures)
            if delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
            throw Problem(.unauthorized, type: "sign-in-failed", title: "用户名或密码错误",
                          detail: "the user name or the password (or the code) is wrong")
        case .locked(let until):
            var headers = HTTPFields()
            headers[.retryAfter] = String(max(1, until.seconds - now.seconds))
            throw Problem(.forbidden, type: "account-locked", title: "账号已锁定",
                          detail: "too many wrong passwords: the account is locked until \(until) (an admin can lift it: wangge user unlock)",
                          extra: JSONObject([("locked_until", .string(until.description))]), headers: headers)
        case .disabled:
            throw Problem(.forbidden, type: "account-disabled", title: "账号已停用", detail: "this account is disabled; ask an admin")
        case .needsCode:
            throw Problem(.unauthorized, type: "code-required", title: "请输入动态验证码",
                          detail: "this account signs in with a TOTP code from its authenticator app: send \"code\"")
        case .needsEnrolment:
            throw Problem(.forbidden, type: "second-factor-required", title: "需要先绑定动态验证码",
                          detail: "this server requires a second factor of \(accounts.policy.secondFactorRoles.map(\.rawValue).sorted().joined(separator: " and ")) accounts: an admin enrols it with wangge user totp NAME")
        }
    }

    func current(_ request: Request, _ context: Context) throws -> Response {
        _ = try ParameterReader(request, allowed: [])
        guard let user = context.identity, let session = context.sessions.session else {
            throw Problem(.unauthorized, type: "no-session", title: "未登录", detail: "no one is signed in: POST /session with name and password")
        }
        return .json(try Self.json(user, session: session, desk: desk))
    }

    func signOut(_ request: Request, _ context: Context) async throws -> Response {
        _ = try ParameterReader(request, allowed: [])
        guard let user = context.identity else {
            throw Problem(.unauthorized, type: "no-session", title: "未登录", detail: "no one is signed in")
        }
        context.sessions.clearSession()
        let (accounts, origin, now) = (accounts, context.caller.origin, desk.now())
        try await blocking { try accounts.signedOut(name: user.name, origin: origin, at: now) }
        return Response(status: .noContent)
    }

    static func json(_ user: UserAccount, session: DeskSession, desk: PetitionDesk) throws -> JSONValue {
        let registry = try desk.registry()
        return .object(JSONObject([
            ("user", .string(user.name)), ("role", .string(user.role.rawValue)),
            ("unit", user.unit.map { id in registry.units[id].map(AreaDirectory.json) ?? .string(id) } ?? .null),
            ("area", user.area.map(registry.namedArea) ?? .null),
            ("csrf", .string(session.csrf)), ("second_factor", .bool(user.hasSecondFactor)),
        ]))
    }

    /// 32 random bytes as hex.
    static func newCSRFToken() -> String {
        var rng = SystemRandomNumberGenerator()
        return rng.hex(words: 4)
    }

    /// Whether `code` is the TOTP code for `secret` now, or one step either side (clocks drift).
    static func codeMatches(secret: String, code: String, at now: Timestamp) -> Bool {
        guard code.count == 6, let value = Int(code) else { return false }
        let totp = TOTP(secret: secret)
        return (-1...1).contains { step in
            totp.compute(date: Date(timeIntervalSince1970: TimeInterval(now.seconds + Int64(step * totp.timeStep)))) == value
        }
    }
}

extension String {
    /// The text with zeros in front up to `width` characters.
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
