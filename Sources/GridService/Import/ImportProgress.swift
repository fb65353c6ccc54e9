/// How far an import has read: what a progress line shows.
public struct ImportProgress: Sendable, Equatable {
    public var layer: ImportLayer
    public var records: Int
    public var bytesRead: Int
    /// The file's size, when it is a regular file (not standard input).
    public var size: Int?

    public init(layer: ImportLayer, records: Int, bytesRead: Int, size: Int?) {
        self.layer = layer
        self.records = records
        self.bytesRead = bytesRead
        self.size = size
    }

    /// The line a terminal shows: rows, rate, and with a known size the share read and the time
    /// left at the rate so far.
    public func line(elapsedSeconds t: Double) -> String {
        let rate = t > 0 ? Double(records) / t : 0
        var out = "\(layer.rawValue): \(records) rows, \(Int(rate.rounded()))/s"
        if let size, size > 0, bytesRead > 0 {
            let share = min(1, Double(bytesRead) / Double(size))
            out += ", \(Int((share * 100).rounded(.down)))%"
            if share > 0, share < 1 { out += ", about \(Int((t / share - t).rounded(.up))) s left" }
        }
        return out
    }
}
