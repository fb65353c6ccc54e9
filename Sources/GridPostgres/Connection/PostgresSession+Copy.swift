import GridService
import NIOCore
import PostgresNIO

extension PostgresSession {
    /// Streams rows into a table with `COPY … FROM STDIN`, a megabyte at a time: the fastest
    /// way PostgreSQL takes rows. postgres-nio speaks COPY's text format only, so each value is
    /// written as its text (NULL as `\N`, backslash, tab and line ends escaped); a `geometry`
    /// column takes a point as hex EWKB text (`ewkbPointHex`).
    func copy(into table: String, columns: [String], rows: some Sequence<[StoredValue]>) throws {
        let connection = self.connection
        let logger = self.logger
        let promise = connection.eventLoop.makePromise(of: Void.self)
        // The rows are encoded here, on the caller's thread; only whole buffers cross over.
        var buffers: [ByteBuffer] = []
        var buffer = ByteBufferAllocator().buffer(capacity: 1 << 20)
        for row in rows {
            for (k, v) in row.enumerated() {
                if k > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                Self.writeCopyText(v, into: &buffer)
            }
            buffer.writeInteger(UInt8(ascii: "\n"))
            if buffer.readableBytes >= 1 << 20 {
                buffers.append(buffer)
                buffer = ByteBufferAllocator().buffer(capacity: 1 << 20)
            }
        }
        if buffer.readableBytes > 0 { buffers.append(buffer) }
        let send = buffers
        // postgres-nio's COPY is async only. Its task runs on the connection's own event loop,
        // never on Swift's shared pool: the callers of this synchronous store may be holding
        // every thread of that pool while they wait here.
        Task(executorPreference: EventLoopTaskExecutor(loop: connection.eventLoop)) {
            do {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    for b in send { try await writer.write(b) }
                }
                promise.succeed(())
            } catch {
                promise.fail(error)
            }
        }
        do {
            try promise.futureResult.wait()
        } catch {
            if connection.isClosed { throw PostgresUnavailable(url: url, why: PostgresStoreError.message(of: error)) }
            throw PostgresStoreError.refused(sql: "COPY \(table)", message: PostgresStoreError.message(of: error))
        }
    }

    /// One value in COPY's text format.
    static func writeCopyText(_ v: StoredValue, into buffer: inout ByteBuffer) {
        switch v {
        case .null: buffer.writeStaticString("\\N")
        case .integer(let n): buffer.writeString(String(n))
        case .real(let d): buffer.writeString("\(d)")
        case .bytes(let b):
            // Hex, as PostGIS reads EWKB and PostgreSQL reads bytea (`\x` prefix, escaped).
            buffer.writeStaticString("\\\\x")
            let digits: [UInt8] = Array("0123456789abcdef".utf8)
            for byte in b { buffer.writeInteger(digits[Int(byte >> 4)]); buffer.writeInteger(digits[Int(byte & 15)]) }
        case .text(var s):
            s.withUTF8 { bytes in
                var start = 0
                for (i, c) in bytes.enumerated() where c == UInt8(ascii: "\\") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                    buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<i]))
                    switch c {
                    case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                    case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                    case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                    default: buffer.writeStaticString("\\\\")
                    }
                    start = i + 1
                }
                buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start...]))
            }
        }
    }

    /// A WGS-84 point as hex EWKB text for a `geometry` column in COPY's text format.
    static func ewkbPointHex(lon: Double, lat: Double) -> String {
        var bytes: [UInt8] = [1, 1, 0, 0, 0x20, 0xE6, 0x10, 0, 0]
        withUnsafeBytes(of: lon.bitPattern.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: lat.bitPattern.littleEndian) { bytes += $0 }
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }
}

/// Runs a task's jobs on an event loop's thread (a task executor preference), so that async
/// work the store starts never needs a thread of Swift's shared pool.
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    init(loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }
}
