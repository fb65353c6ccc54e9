import Foundation
import Logging
import Synchronization

/// The server's log output: swift-log lines gathered in memory and written to standard error
/// by a background thread every 50 ms (or as soon as 64 KiB pile up), so a request costs an
/// append under a lock rather than a formatted timestamp, a lock and a write(2) of its own.
/// Measured: the per-request stream handler took a fifth of `/locate`'s throughput.
final class LogSink: Sendable {
    static let standardError = LogSink(fd: 2)

    private let fd: Int32
    private let pending = Mutex<[UInt8]>([])
    /// The formatted UTC second, reused by every line logged within it.
    private let clock = Mutex<(second: Int, text: String)>((-1, ""))

    init(fd: Int32) {
        self.fd = fd
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.05)
                flush()
            }
        }
        thread.name = "wangge-log"
        thread.start()
    }

    func append(_ line: String) {
        let full = pending.withLock { buffer in
            buffer.append(contentsOf: line.utf8)
            return buffer.count >= 64 << 10
        }
        if full { flush() }
    }

    /// Writes what is pending; call before the process exits.
    func flush() {
        let bytes = pending.withLock { buffer in
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }  // stderr closed: drop the log rather than the server
            offset += n
        }
    }

    /// `2026-11-23T01:20:00Z` for now.
    func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let second = Int(now.tv_sec)
        return clock.withLock { c in
            if c.second != second {
                var t = time_t(second), parts = tm()
                gmtime_r(&t, &parts)
                func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
                c = (second, "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z")
            }
            return c.text
        }
    }
}

/// A swift-log handler writing `time level label: message key=value …` lines to a `LogSink`.
struct BufferedLogHandler: LogHandler {
    let label: String
    let sink: LogSink
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = sink.timestamp() + " " + event.level.rawValue + " " + label + ": " + event.message.description
        // Merging copies a dictionary: skip it in the common case (only the event has any).
        let all = metadata.isEmpty ? event.metadata ?? [:] : event.metadata.map { metadata.merging($0) { $1 } } ?? metadata
        for key in all.keys.sorted() { line += " \(key)=\(all[key]!)" }
        line += "\n"
        sink.append(line)
    }
}
