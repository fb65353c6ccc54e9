import GridGeo

/// RFC 4180 CSV over UTF-8 bytes fed in chunks: quoted fields, doubled quotes, line breaks
/// inside quotes, CRLF or LF. (A byte-order mark stays on the first cell; the importer strips it.)
public struct CSVReader {
    public struct Row: Sendable {
        public var cells: [String]
        /// The line the row starts on (1-based, counting the header).
        public var line: Int
        /// Why a cell is not clean text (invalid UTF-8, a NUL), naming the cell; nil when clean.
        public var invalidText: String?
    }

    private var cell: [UInt8] = []
    private var cells: [String] = []
    private var inQuotes = false
    private var quoteSeen = false
    private var line = 1
    private var rowLine = 1
    private var started = false
    private var rows: [Row] = []
    private var invalidText: String?

    public init() {}

    public mutating func feed(_ chunk: some Sequence<UInt8>) -> [Row] {
        for c in chunk { step(c) }
        defer { rows.removeAll(keepingCapacity: true) }
        return rows
    }

    public mutating func finish() -> [Row] {
        if started || !cell.isEmpty || !cells.isEmpty { endRow() }
        defer { rows.removeAll() }
        return rows
    }

    private mutating func step(_ c: UInt8) {
        started = true
        if inQuotes {
            if c == UInt8(ascii: "\"") { inQuotes = false; quoteSeen = true; return }
            if c == 0x0A { line += 1 }
            cell.append(c)
            return
        }
        switch c {
        case UInt8(ascii: "\""):
            if quoteSeen { cell.append(c) }  // a doubled quote inside a quoted field
            inQuotes = true
            quoteSeen = false
        case UInt8(ascii: ","):
            endCell()
        case 0x0D:
            break
        case 0x0A:
            line += 1
            endRow()
        default:
            quoteSeen = false
            cell.append(c)
        }
    }

    private mutating func endCell() {
        if let text = cell.contains(0) ? nil : String(validating: cell, as: UTF8.self) {
            cells.append(text)
        } else {
            let p = TextBytes.problem(in: cell) ?? (0, "invalid text")
            if invalidText == nil { invalidText = "cell \(cells.count + 1) holds \(p.reason) at its byte \(p.offset + 1)" }
            cells.append(String(decoding: cell, as: UTF8.self))
        }
        cell.removeAll(keepingCapacity: true)
        quoteSeen = false
    }

    private mutating func endRow() {
        endCell()
        // Blank lines are skipped.
        if !(cells.count == 1 && cells[0].isEmpty) { rows.append(Row(cells: cells, line: rowLine, invalidText: invalidText)) }
        invalidText = nil
        cells.removeAll(keepingCapacity: true)
        rowLine = line
        started = false
    }

    public var unterminatedQuote: Bool { inQuotes }
}
