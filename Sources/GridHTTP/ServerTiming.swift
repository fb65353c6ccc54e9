import Foundation
import HTTPTypes
import Hummingbird

/// The `Server-Timing` header: how long the server spent on an answer (computing and encoding,
/// not the network), for clients and benchmarks.
enum ServerTiming {
    /// Runs `body` and marks its answer with its duration under `name`.
    static func measure(_ name: String, _ body: () throws -> Response) rethrows -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        var response = try body()
        let d = (clock.now - start).components
        let ms = Double(d.seconds) * 1000 + Double(d.attoseconds) / 1e15
        response.headers[HTTPField.Name("Server-Timing")!] = "\(name);dur=\(String(format: "%.2f", ms))"
        return response
    }
}
