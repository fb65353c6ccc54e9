import GridService
import Logging
import ServiceLifecycle

/// Raises the desk's deadline warnings every `interval` while the server runs, so a missed
/// deadline is on the case's record even when nobody looks at the supervision list.
struct DeadlineWatch: Service {
    let desk: PetitionDesk
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let raised = try await blocking { [desk] in try desk.raiseWarnings() }
                if raised > 0 { logger.info("deadline warnings raised", metadata: ["count": "\(raised)"]) }
            } catch {
                logger.error("deadline watch failed", metadata: ["error": "\(error)"])
            }
            // The sleep ends at a graceful shutdown too: SIGTERM must not wait out the interval.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
