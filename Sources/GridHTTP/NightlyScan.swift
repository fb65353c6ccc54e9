import GridModel
import GridService
import Logging
import ServiceLifecycle

/// The nightly early-warning scan while the server runs: every ten minutes it looks whether the
/// day that ended (China time) has been scanned, and scans it — and any day missed since the
/// last scan, up to a week back — on the blocking pool. A server that was down at midnight
/// catches up when it starts.
struct NightlyScan: Service {
    let warnings: EarlyWarnings
    let desk: PetitionDesk
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let (warnings, now) = (warnings, desk.now())
            do {
                let yesterday = now.chinaDay - 1
                let last = try warnings.lastScannedDay()
                let first = max(yesterday - 6, (last ?? yesterday - 1) + 1)
                if first <= yesterday {
                    let logger = logger
                    try await blocking {
                        try warnings.scan(fromDay: first, toDay: yesterday, at: now) { r in
                            logger.info("early-warning scan", metadata: ["day": "\(Timestamp.date(ofDay: r.day))", "new": "\(r.new)", "extended": "\(r.extended)"])
                        }
                    }
                }
            } catch {
                logger.error("early-warning scan failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(600)) }
        }
    }
}
