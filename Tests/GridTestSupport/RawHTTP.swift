import Foundation
import GridGeo
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A bare TCP client for requests no polite HTTP library would send: half-sent heads, broken
/// chunks, 100 KB URLs, hand-made headers. Blocking, with a receive timeout.
/// One socket, used by one test at a time (a file descriptor and nothing else mutable).
public final class RawHTTP: @unchecked Sendable {
    public let fd: Int32

    public init(port: Int, timeoutSeconds: Int = 60) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(fd); throw Failure(reason: "connect to \(port) failed: errno \(errno)") }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    public struct Failure: Error { public var reason: String }

    public func send(_ text: String) { send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    /// Everything the server sends until it closes the connection or the timeout passes.
    public func receiveAll() -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return out }
            out += buffer[0..<n]
        }
    }

    /// Whether the server has closed the connection (a read returns end of stream).
    public func closedByServer() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 { return true }
            if n < 0 { return false }  // timed out: still open
        }
    }

    /// What arrives until `done` says the text so far is enough, or `seconds` pass (a stream
    /// such as Server-Sent Events never closes by itself). Keeps what it read past the point.
    public func receive(for seconds: Double, until done: (String) -> Bool) -> String {
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 65536)
        var bytes: [UInt8] = []
        let end = Date().addingTimeInterval(seconds)
        var tv = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        while Date() < end {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 { break }
            if n > 0 {
                bytes += buffer[0..<n]
                text = String(decoding: bytes, as: UTF8.self)
                if done(text) { break }
            }
        }
        return text
    }

    /// One whole exchange on a fresh connection: the request, then the answer up to the close.
    public static func exchange(port: Int, _ request: String) throws -> RawAnswer {
        let c = try RawHTTP(port: port)
        c.send(request)
        return RawAnswer(String(decoding: c.receiveAll(), as: UTF8.self))
    }
}

/// The first response in what a server sent: status, headers (lower-cased names), body.
public struct RawAnswer: Sendable {
    public var status = 0
    public var headers: [String: String] = [:]
    public var body = ""
    public var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }

    public init(_ text: String) {
        guard let split = text.range(of: "\r\n\r\n") else { return }
        let lines = text[..<split.lowerBound].split(separator: "\r\n")
        status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let rest = text[split.upperBound...]
        if let length = headers["content-length"].flatMap(Int.init) {
            body = String(decoding: Array(rest.utf8).prefix(length), as: UTF8.self)
        } else {
            body = String(rest)
        }
    }
}
