import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GridGeo
import GridModel

/// Delivers notices to webhooks: each a POST of the notice as JSON with
/// `X-Wangge-Signature: sha256=<HMAC-SHA256 of the body under the hook's secret>`, retried on
/// failure after 30 s, 2, 10, 30 and 60 minutes, every attempt in the delivery log. Runs beside
/// the desk, never in it: a hook that fails or hangs only delays other hooks' deliveries.
public struct HookSender: Sendable {
    let store: any HookStore
    let clock: @Sendable () -> Timestamp
    /// How long one delivery may take.
    var timeout: TimeInterval = 10

    public init(store: any HookStore, clock: @escaping @Sendable () -> Timestamp = PetitionDesk.systemClock) {
        self.store = store
        self.clock = clock
    }

    /// Creates a hook and its signing secret (shown once).
    public func add(url: String, events: Set<DeskNotice.Kind>, unit: String?, by actor: String) throws -> (Webhook, secret: String) {
        guard let u = URL(string: url), let scheme = u.scheme?.lowercased(), ["http", "https"].contains(scheme), u.host != nil else {
            throw DeskError.invalid([FieldProblem(field: "url", reason: "'\(url)' is not an http(s) URL")])
        }
        guard !events.isEmpty else { throw DeskError.invalid([FieldProblem(field: "events", reason: "name at least one event")]) }
        if let unit, !(try store.units().contains { $0.id == unit }) {
            throw DeskError.invalid([FieldProblem(field: "unit", reason: "no unit '\(unit)'")])
        }
        var rng = SystemRandomNumberGenerator()
        let secret = ApiToken.newSecret(using: &rng).replacingOccurrences(of: "wg_", with: "whsec_")
        let hook = Webhook(id: "hook_" + String(Digests.sha256(secret).prefix(10)), url: url, events: events, unit: unit, createdAt: clock())
        try store.insertHook(hook, secret: secret, by: actor)
        return (hook, secret)
    }

    /// Queues what was written since the last round and delivers what is due.
    /// - Returns: deliveries attempted.
    @discardableResult
    public func runOnce() async throws -> Int {
        let now = clock()
        _ = try store.queueDeliveries(now: now.seconds)
        // Claimed for as long as sending them all could take, and a minute more.
        let due = try store.claimDueDeliveries(now: now.seconds, limit: 100, until: now.seconds + Int64(100 * timeout) + 60)
        guard !due.isEmpty else { return 0 }
        let secrets = Dictionary(try store.hooks().map { ($0.hook.id, ($0.hook, $0.secret)) }, uniquingKeysWith: { a, _ in a })
        for d in due {
            guard let (hook, secret) = secrets[d.hook], let notice = try store.notice(id: d.notice) else {
                try store.recordAttempt(delivery: d.id, at: now, status: nil, error: "hook or notice gone", delivered: false, retryAt: nil)
                continue
            }
            let body = Array(notice.json.jsonText.utf8)
            var request = URLRequest(url: URL(string: hook.url)!, timeoutInterval: timeout)
            request.httpMethod = "POST"
            request.httpBody = Data(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue(notice.type.rawValue, forHTTPHeaderField: "X-Wangge-Event")
            request.setValue(String(d.id), forHTTPHeaderField: "X-Wangge-Delivery")
            request.setValue("sha256=" + Digests.hmac(body, key: Array(secret.utf8)), forHTTPHeaderField: "X-Wangge-Signature")
            var status: Int?
            var failure: String?
            do {
                let (_, response) = try await URLSession.shared.data(for: request)
                status = (response as? HTTPURLResponse)?.statusCode
                if let status, !(200..<300).contains(status) { failure = "HTTP \(status)" }
            } catch {
                failure = "\(error)"
            }
            let at = clock()
            let retry = d.attempts < Webhook.retryDelays.count ? at.seconds + Webhook.retryDelays[d.attempts] : nil
            try store.recordAttempt(delivery: d.id, at: at, status: status, error: failure, delivered: failure == nil,
                                    retryAt: failure == nil ? nil : retry)
        }
        return due.count
    }
}
