import Foundation
import GridGeo
import GridModel
import GridService
import GridStore
import GridTestSupport
import Testing
@testable import GridHTTP

/// People's sign-in over real HTTP: the session cookie's attributes, the CSRF token on writes,
/// refusals (wrong password, lock, disabled), sign-out, and the desk's own routes (work lists,
/// dry run, the actions a case page offers, the pages behind the sign-in).
@Suite struct SessionRoutesTests {
    /// A store of the small district with two people: a dispatcher and the water unit's clerk.
    static func store(_ dir: TemporaryDirectory) throws -> GridStore {
        SmallDistrict.writeFiles(into: dir)
        let store = try GridStore(path: dir.file("w.db"))
        try Importer(store: store).importFolder(dir.path) { _ in }
        var cheap = SignInPolicy()
        cheap.bcryptCost = 4
        let accounts = UserAccounts(store: store, policy: cheap)
        _ = try accounts.add(name: "op-wang", role: .dispatcher, password: "Op-pass-2026", by: "test", at: Timestamp(seconds: 0))
        _ = try accounts.add(name: "clerk-chen", role: .unit, unit: "U-D", password: "Clerk-pass-2026", by: "test", at: Timestamp(seconds: 0))
        return store
    }

    /// Signs in; the cookie to send back (`wangge_session=…`) and the CSRF token.
    static func signIn(_ port: Int, _ name: String, _ password: String) async throws -> (cookie: String, csrf: String, answer: LoopbackServer.Answer) {
        let a = try await LoopbackServer.send(port, "POST", "/session", Data(#"{"name":"\#(name)","password":"\#(password)"}"#.utf8))
        let setCookie = a.headers["set-cookie"] ?? ""
        let cookie = String(setCookie.split(separator: ";").first ?? "")
        return (cookie, a.json["csrf"]?.stringValue ?? "", a)
    }

    @Test func aPersonSignsInWritesWithTheCSRFTokenAndSignsOut() async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir)
        try await LoopbackServer.serve(store: store) { port in
            let (cookie, csrf, answer) = try await Self.signIn(port, "op-wang", "Op-pass-2026")
            #expect(answer.status == 201, "\(answer.text)")
            let setCookie = try #require(answer.headers["set-cookie"])
            #expect(setCookie.hasPrefix("wangge_session="))
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"))
            #expect(!setCookie.contains("Secure"), "no TLS here: a Secure cookie would never come back")
            #expect(answer.json["role"] == "dispatcher" && csrf.count == 64)

            let me = try await LoopbackServer.send(port, "GET", "/me", nil, headers: ["Cookie": cookie])
            #expect(me.json["user"] == "op-wang" && me.json["role"] == "dispatcher" && me.json["may"]?["take_petitions"] == true)
            #expect(me.headers["cache-control"] == "no-store")

            let body = Data(#"{"channel":"hotline","kind":"request","category":"water","text":"停水","location":{"lon":101.7045,"lat":26.5795}}"#.utf8)
            let before = try store.petitions().count
            let forged = try await LoopbackServer.send(port, "POST", "/petitions", body, headers: ["Cookie": cookie])
            #expect(forged.status == 403 && forged.json["type"] == "/problems/csrf", "\(forged.status) \(forged.text)")
            let wrongToken = try await LoopbackServer.send(port, "POST", "/petitions", body, headers: ["Cookie": cookie, "X-CSRF-Token": String(repeating: "0", count: 64)])
            #expect(wrongToken.status == 403)
            #expect(try store.petitions().count == before, "a refused write stores nothing")
            let taken = try await LoopbackServer.send(port, "POST", "/petitions", body, headers: ["Cookie": cookie, "X-CSRF-Token": csrf])
            #expect(taken.status == 201, "\(taken.text)")
            let id = try #require(taken.json["id"]?.stringValue)
            // The event's actor is the person, as the audit log's.
            #expect(taken.json["events"]?[0]?["actor"] == "op-wang")
            #expect(try store.auditEntries(actor: "op-wang").contains { $0.action == "signin" && $0.origin?.hasPrefix("127.0.0.1:") == true })

            // A token in the header wins over the cookie and needs no CSRF token.
            let tokens = try LoopbackServer.createTokens(on: store)
            let asUnit = try await LoopbackServer.send(port, "GET", "/me", nil, token: tokens[.unit], headers: ["Cookie": cookie])
            #expect(asUnit.json["role"] == "unit" && asUnit.json["user"] == .null)

            // The case page's actions: what this person may do on this case now.
            let record = try await LoopbackServer.send(port, "GET", "/petitions/\(id)", nil, headers: ["Cookie": cookie])
            let actions = record.json["actions"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(actions.contains("dispatch") && actions.contains("supervise"), "\(actions)")
            #expect(!actions.contains("warn") && !actions.contains("approve_extension") && !actions.contains("answer_supervision"),
                    "no automatic action, nothing the case does not wait for")

            let out = try await LoopbackServer.send(port, "DELETE", "/session", nil, headers: ["Cookie": cookie, "X-CSRF-Token": csrf])
            #expect(out.status == 204)
            #expect(out.headers["set-cookie"]?.contains("wangge_session=") == true)
            let after = try await LoopbackServer.send(port, "GET", "/session", nil, headers: ["Cookie": cookie])
            #expect(after.status == 401, "the old cookie opens nothing after sign-out")
            #expect(try store.auditEntries(actor: "op-wang").contains { $0.action == "signout" })
        }
    }

    @Test func wrongPasswordsAreRefusedAlikeThenLockTheAccount() async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir)
        try await LoopbackServer.serve(store: store) { port in
            let unknown = try await Self.signIn(port, "nobody", "whatever-1").answer
            let wrong = try await Self.signIn(port, "op-wang", "wrong-pass-1").answer
            #expect(unknown.status == 401 && wrong.status == 401)
            #expect(unknown.json["type"] == wrong.json["type"] && unknown.json["title"] == wrong.json["title"], "an unknown name reads as a wrong password")
            #expect(unknown.headers["set-cookie"] == nil)
            for k in 2...5 {
                let a = try await Self.signIn(port, "op-wang", "wrong-pass-\(k)").answer
                #expect(a.status == (k < 5 ? 401 : 403), "attempt \(k): \(a.text)")
            }
            let locked = try await Self.signIn(port, "op-wang", "Op-pass-2026").answer
            #expect(locked.status == 403 && locked.json["type"] == "/problems/account-locked", "the right password does not open a locked account")
            #expect(Int(locked.headers["retry-after"] ?? "") ?? 0 > 800)
            let audit = try store.auditEntries(actor: "op-wang").map(\.action)
            #expect(audit.filter { $0 == "signin.failure" }.count == 5 && audit.contains("user.lock") && audit.contains("signin.refused"))
            // An admin lifts the lock.
            try UserAccounts(store: store).unlock(name: "op-wang", by: "test", at: Timestamp(seconds: 1))
            #expect(try await Self.signIn(port, "op-wang", "Op-pass-2026").answer.status == 201)
        }
    }

    @Test func disablingOrANewPasswordEndsOpenSessions() async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir)
        try await LoopbackServer.serve(store: store) { port in
            let first = try await Self.signIn(port, "clerk-chen", "Clerk-pass-2026")
            #expect(try await LoopbackServer.send(port, "GET", "/session", nil, headers: ["Cookie": first.cookie]).status == 200)
            try UserAccounts(store: store).setPassword(name: "clerk-chen", password: "New-pass-2026", by: "test", at: Timestamp(seconds: 1))
            try await Task.sleep(for: .milliseconds(400))
            #expect(try await LoopbackServer.send(port, "GET", "/session", nil, headers: ["Cookie": first.cookie]).status == 401)
            let second = try await Self.signIn(port, "clerk-chen", "New-pass-2026")
            #expect(second.answer.status == 201)
            try UserAccounts(store: store).setDisabled(name: "clerk-chen", true, by: "test", at: Timestamp(seconds: 2))
            try await Task.sleep(for: .milliseconds(400))
            #expect(try await LoopbackServer.send(port, "GET", "/session", nil, headers: ["Cookie": second.cookie]).status == 401)
            let refused = try await Self.signIn(port, "clerk-chen", "New-pass-2026").answer
            #expect(refused.status == 403 && refused.json["type"] == "/problems/account-disabled")
        }
    }

    @Test func aSecureCookieBehindTLSAndASecondFactorWhenRequired() async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir)
        var options = ServerOptions(publicURL: "https://grid.example.gov.cn")
        options.signIn.requireSecondFactor = true
        try await LoopbackServer.serve(store: store, options: options) { port in
            // A dispatcher without a second factor may not sign in; a unit's clerk may.
            let dispatcher = try await Self.signIn(port, "op-wang", "Op-pass-2026").answer
            #expect(dispatcher.status == 403 && dispatcher.json["type"] == "/problems/second-factor-required")
            let clerk = try await Self.signIn(port, "clerk-chen", "Clerk-pass-2026").answer
            #expect(clerk.status == 201 && clerk.headers["set-cookie"]?.contains("Secure") == true)
            // Enrolled: the code is asked for, a wrong one counts as a failure, the right one opens.
            let (secret, url) = SecondFactor.enrol(user: "op-wang")
            #expect(url.hasPrefix("otpauth://totp/"))
            try UserAccounts(store: store).setSecondFactor(name: "op-wang", secret: secret, by: "test", at: Timestamp(seconds: 1))
            let asked = try await Self.signIn(port, "op-wang", "Op-pass-2026").answer
            #expect(asked.status == 401 && asked.json["type"] == "/problems/code-required", "\(asked.status) \(asked.text)")
            let now = Int64(Date().timeIntervalSince1970)
            let good = SecondFactor.code(secret: secret, at: now)
            let bad = good == "000000" ? "111111" : "000000"
            func withCode(_ code: String) async throws -> LoopbackServer.Answer {
                try await LoopbackServer.send(port, "POST", "/session", Data(#"{"name":"op-wang","password":"Op-pass-2026","code":"\#(code)"}"#.utf8))
            }
            #expect(try await withCode(bad).status == 401)
            #expect(try await withCode(good).status == 201)
        }
    }

    @Test func theDeskPagesWantASessionAndTheWorkListsCount() async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir)
        try await LoopbackServer.serve(store: store) { port in
            let page = try await offThePool { try RawHTTP.exchange(port: port, "GET /desk/case/P1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") }
            #expect(page.status == 303 && page.headers["location"] == "/desk/login?next=/desk/case/P1", "\(page.headers)")
            let login = try await LoopbackServer.send(port, "GET", "/desk/login?next=/desk", nil)
            #expect(login.status == 200 && login.text.contains("login.js") && login.headers["content-security-policy"]?.contains("script-src 'self'") == true)
            #expect(try await LoopbackServer.send(port, "GET", "/desk/assets/desk.js", nil).status == 200)
            #expect(try await LoopbackServer.send(port, "GET", "/desk/assets/desk.html", nil).status == 404)

            let op = try await Self.signIn(port, "op-wang", "Op-pass-2026")
            let headers = ["Cookie": op.cookie, "X-CSRF-Token": op.csrf]
            #expect(try await LoopbackServer.send(port, "GET", "/desk", nil, headers: headers).status == 200)
            // A dry run says where a call would go and stores nothing.
            let call = Data(#"{"channel":"hotline","kind":"request","category":"water","text":"停水","location":{"lon":101.7045,"lat":26.5795}}"#.utf8)
            let preview = try await LoopbackServer.send(port, "POST", "/petitions?dry_run=true", call, headers: headers)
            let before = try store.petitions().count
            #expect(preview.status == 200 && preview.json["id"] == .null && preview.json["unit"]?["id"] == "U-D", "\(preview.text)")
            #expect(try store.petitions().count == before, "a dry run stores nothing")
            // Bad input: each problem with its field, a stable code and the Chinese the desk shows.
            let bad = try await LoopbackServer.send(port, "POST", "/petitions", Data(#"{"channel":"hotline","kind":"request","category":"water","location":{"lon":101.7045,"lat":26.5795},"contact":{"phone":"12"}}"#.utf8), headers: headers)
            let problems = bad.json["problems"]?.arrayValue ?? []
            #expect(problems.contains { $0["field"] == "text" && $0["code"] == "required" && $0["reason_zh"] == "必填，请填写" })
            #expect(problems.contains { $0["field"] == "contact.phone" && $0["code"] == "phone" })

            func count(_ answer: LoopbackServer.Answer, _ code: String) -> Double? {
                answer.json["queues"]?.arrayValue?.first { $0["code"]?.stringValue == code }?["count"]?.doubleValue
            }
            let earlier = try await LoopbackServer.send(port, "GET", "/queues", nil, headers: headers)
            var ids: [String] = []
            for _ in 0..<3 { ids.append(try await LoopbackServer.send(port, "POST", "/petitions", call, headers: headers).json["id"]?.stringValue ?? "") }
            let queues = try await LoopbackServer.send(port, "GET", "/queues", nil, headers: headers)
            let codes = queues.json["queues"]?.arrayValue?.compactMap { $0["code"]?.stringValue }
            #expect(codes == WorkQueue.queues(for: .dispatcher).map(\.rawValue))
            // Taken by a dispatcher in the water unit's area: the first routed and dispatched at
            // once; the second and third likely repeats of it, held for the dispatcher.
            for (code, more) in [("likely_repeats", 2.0), ("to_dispatch", 2.0)] {
                #expect(count(queues, code) == (count(earlier, code) ?? -9) + more, "\(code): \(queues.text)")
            }
            let list = try await LoopbackServer.send(port, "GET", "/petitions?queue=likely_repeats&sort=newest&limit=1", nil, headers: headers)
            #expect(list.json["numberMatched"]?.doubleValue == count(queues, "likely_repeats") && list.json["numberReturned"] == 1)
            #expect(list.json["petitions"]?[0]?["deadline"]?["kind"] == "dispatch" && list.json["petitions"]?[0]?["duplicate_of"] != .null)
            let badQueue = try await LoopbackServer.send(port, "GET", "/petitions?queue=everything", nil, headers: headers)
            #expect(badQueue.status == 400)

            let clerk = try await Self.signIn(port, "clerk-chen", "Clerk-pass-2026")
            let unitQueues = try await LoopbackServer.send(port, "GET", "/queues", nil, headers: ["Cookie": clerk.cookie])
            let mine = try await LoopbackServer.send(port, "GET", "/petitions?queue=to_accept&limit=1000", nil, headers: ["Cookie": clerk.cookie])
            let listed = mine.json["petitions"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(count(unitQueues, "to_accept") == Double(listed.count) && listed.contains(ids[0]) && !listed.contains(ids[1]), "\(listed)")
            let id = ids[0]
            let record = try await LoopbackServer.send(port, "GET", "/petitions/\(id)", nil, headers: ["Cookie": clerk.cookie])
            let actions = Set(record.json["actions"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            #expect(actions.isSuperset(of: ["accept", "return", "extend"]) && !actions.contains("dispatch") && !actions.contains("approve_extension"))
        }
    }

    /// The desk's script takes every status and action name from the API, as the map's does.
    @Test func theDeskScriptWritesNoStatusOrActionName() throws {
        let script = PageAssets.text("desk.js")
        for name in Petition.Status.allCases.map(\.chineseName) + PetitionEvent.Action.allCases.map(\.chineseName)
            + WorkQueue.allCases.map(\.chineseName) + Role.allCases.map(\.chineseName) {
            #expect(!script.contains("'\(name)'"), "desk.js writes '\(name)'; it must come from GET /vocabulary")
        }
    }
}
