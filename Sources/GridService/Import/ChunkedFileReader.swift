#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file (or standard input, for "-") in fixed-size chunks, so no file is ever held
/// in memory whole.
struct ChunkedFileReader {
    let path: String
    private let fd: Int32
    private var buffer: [UInt8]
    /// The file's size (nil for standard input and pipes) and the bytes read so far: how far an import has come.
    private(set) var size: Int?
    private(set) var bytesRead = 0

    init(path: String, chunkSize: Int = 1 << 20) throws(ImportProblem) {
        self.path = path
        if path == "-" {
            fd = 0
        } else {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                throw ImportProblem(file: path, location: "", reason: "cannot open: \(String(cString: strerror(errno)))")
            }
            var st = stat()
            if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
                close(fd)
                throw ImportProblem(file: path, location: "", reason: "is a directory, not a file")
            }
            if (st.st_mode & S_IFMT) == S_IFREG { size = Int(st.st_size) }
        }
        buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    /// The next chunk, or nil at the end.
    mutating func next() throws(ImportProblem) -> ArraySlice<UInt8>? {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 { throw ImportProblem(file: path, location: "", reason: "read failed: \(String(cString: strerror(errno)))") }
        bytesRead += n
        return n == 0 ? nil : buffer[0..<n]
    }

    func closeFile() {
        if fd > 0 { close(fd) }
    }

    /// The whole file (for small JSON documents such as units and categories).
    static func readAll(_ path: String) throws(ImportProblem) -> [UInt8] {
        var r = try ChunkedFileReader(path: path)
        defer { r.closeFile() }
        var out: [UInt8] = []
        while let chunk = try r.next() { out.append(contentsOf: chunk) }
        return out
    }
}
