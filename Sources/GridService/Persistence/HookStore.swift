import GridModel

/// Webhooks, the cursor of notices handed to them, and their delivery log.
public protocol HookStore: NoticeStore {
    func insertHook(_ h: Webhook, secret: String, by actor: String) throws
    func removeHook(id: String, at: Timestamp, by actor: String) throws -> Bool
    func hooks() throws -> [(hook: Webhook, secret: String)]
    func queueDeliveries(now: Int64) throws -> Int
    /// Pending deliveries due at `now`, oldest first, claimed until `until`: no other process
    /// takes them before (several servers deliver each notice once); an attempt recorded
    /// sets when they are due again.
    func claimDueDeliveries(now: Int64, limit: Int, until: Int64) throws -> [Webhook.Delivery]
    func recordAttempt(delivery id: Int64, at: Timestamp, status: Int?, error: String?, delivered: Bool, retryAt: Int64?) throws
    func deliveries(hook: String?, limit: Int) throws -> [Webhook.Delivery]
    func notice(id: Int64) throws -> DeskNotice?
    func units() throws -> [ResponsibleUnit]
}
