import GridModel

/// Webhooks, the cursor of notices handed to them, and their delivery log.
public protocol HookStore: NoticeStore {
    func insertHook(_ h: Webhook, secret: String, by actor: String) throws
    func removeHook(id: String, at: Timestamp, by actor: String) throws -> Bool
    func hooks() throws -> [(hook: Webhook, secret: String)]
    func queueDeliveries(now: Int64) throws -> Int
    func dueDeliveries(now: Int64, limit: Int) throws -> [Webhook.Delivery]
    func recordAttempt(delivery id: Int64, at: Timestamp, status: Int?, error: String?, delivered: Bool, retryAt: Int64?) throws
    func deliveries(hook: String?, limit: Int) throws -> [Webhook.Delivery]
    func notice(id: Int64) throws -> DeskNotice?
    func units() throws -> [ResponsibleUnit]
}
