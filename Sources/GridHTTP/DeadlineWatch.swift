import GridService
import Logging
import ServiceLifecycle
import Synchronization

/// Raises the desk's deadline warnings every `interval` while the server runs, so a missed
/// deadline is on the case's record even when nobody looks at the supervision list.
struct DeadlineWatch: Service {
    let desk: PetitionDesk
    let interval: Duration
    let logger: Logger

    func run() async throws {
        // A round after a history import can warn a million cases, 200 a transaction: it ends
        // between two of them when the server is asked to stop, instead of holding SIGTERM up.
        let stopping = Stopping()
        try await withGracefulShutdownHandler {
            try await watch(stopping)
        } onGracefulShutdown: {
            stopping.flag.withLock { $0 = true }
        }
    }

    /// Set once the server is asked to stop; read by the round on the blocking pool.
    private final class Stopping: Sendable {
        let flag = Mutex(false)
    }

    private func watch(_ stopping: Stopping) async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let raised = try await blocking { [desk] in try desk.raiseWarnings(stop: { stopping.flag.withLock { $0 } }) }
                if raised > 0 { logger.info("deadline warnings raised", metadata: ["count": "\(raised)"]) }
            } catch {
                logger.error("deadline watch failed", metadata: ["error": "\(error)"])
            }
            // The sleep ends at a graceful shutdown too: SIGTERM must not wait out the interval.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
