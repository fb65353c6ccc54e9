import GridService
import Logging
import ServiceLifecycle

/// Delivers webhooks in the background while the server runs, once a second.
struct HookWatch: Service {
    let sender: HookSender
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                // Its store calls are synchronous: off the shared pool (see BlockingTaskExecutor).
                _ = try await withTaskExecutorPreference(BlockingTaskExecutor.shared) { try await sender.runOnce() }
            } catch {
                logger.error("webhook delivery failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
        }
    }
}
