#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes bytes to a file descriptor whole (standard output for the CLI), retrying short
/// writes and interruptions.
public enum DescriptorOutput {
    public static func write(_ bytes: [UInt8], to fd: Int32) throws(BatchError) {
        var offset = 0
        while offset < bytes.count {
            let w = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + offset, $0.count - offset) }
            if w < 0 {
                if errno == EINTR { continue }
                throw BatchError.io("write failed: \(String(cString: strerror(errno)))")
            }
            offset += w
        }
    }
}

private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
