import NIOCore
import PostgresNIO

/// One result row, read by column position. A NULL (or a value of another type) reads as nil.
public struct SQLRow {
    let row: PostgresRandomAccessRow

    public func string(_ i: Int) -> String? { try? row[i].decode(String?.self) ?? nil }
    public func int(_ i: Int) -> Int? { try? row[i].decode(Int?.self) ?? nil }
    public func int64(_ i: Int) -> Int64? { try? row[i].decode(Int64?.self) ?? nil }
    public func double(_ i: Int) -> Double? { try? row[i].decode(Double?.self) ?? nil }
    public func bool(_ i: Int) -> Bool? { try? row[i].decode(Bool?.self) ?? nil }
    public func bytes(_ i: Int) -> [UInt8]? {
        guard let buffer = try? row[i].decode(ByteBuffer?.self) else { return nil }
        return Array(buffer.readableBytesView)
    }
}
