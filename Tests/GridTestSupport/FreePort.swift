#if canImport(Glibc)
import Glibc
#endif

/// A loopback port nobody listens on now (the kernel's choice for a socket bound to port 0).
public func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p -> Int32 in
            guard bind(fd, p, length) == 0 else { return -1 }
            return getsockname(fd, p, &length)
        }
    }
    guard bound == 0 else { throw NoFreePort() }
    return Int(UInt16(bigEndian: address.sin_port))
}

public struct NoFreePort: Error, CustomStringConvertible {
    public var description: String { "no free loopback port" }
}
