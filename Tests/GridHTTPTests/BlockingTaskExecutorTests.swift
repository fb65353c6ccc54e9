import Foundation
@testable import GridHTTP
import Testing

/// The background services' loops run on the blocking pool, not on Swift's shared pool (one
/// thread a core), which a long SQLite write there once left without a thread for requests.
@Suite struct BlockingTaskExecutorTests {
    /// The calling thread's name, as Linux keeps it.
    static func threadName() -> String {
        ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aTaskPreferringItRunsOnTheBlockingPoolAcrossAwaits() async throws {
        let names = await withTaskExecutorPreference(BlockingTaskExecutor.shared) { () async -> [String] in
            var names = [Self.threadName()]
            try? await Task.sleep(for: .milliseconds(10))
            names.append(Self.threadName())
            return names
        }
        // NIO names its blocking pool's threads "…TP-#n"; the shared pool's are dispatch's.
        #expect(names.allSatisfy { $0.contains("TP-#") }, "\(names)")
        #expect(!Self.threadName().contains("TP-#"))
    }
}
