import GridService
import Logging
import ServiceLifecycle

/// Moves new notices from the store to the open notification streams a few times a second,
/// and ends the streams when the server stops (an SSE response never ends by itself).
struct NoticePump: Service {
    let hub: NoticeHub
    var interval: Duration = .milliseconds(200)
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try hub.poll()
            } catch {
                logger.error("notice pump failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
        hub.finishAll()
    }
}
