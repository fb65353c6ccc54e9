import GridModel

/// Early warnings and their status changes, the days already scanned, and meter readings.
public protocol WarningStore: AnyObject, Sendable {
    /// Stores a warning (new or extended) and, for a new one, the notice that tells of it — together.
    func putWarning(_ w: EarlyWarning, notice: DeskNotice?) throws
    /// Warnings whose days meet `fromDay...toDay` (either end open), newest first.
    func warnings(fromDay: Int?, toDay: Int?, kind: EarlyWarning.Kind?, category: String?, status: EarlyWarning.Status?) throws -> [EarlyWarning]
    func warning(id: String) throws -> EarlyWarning?
    func setWarningStatus(id: String, to status: EarlyWarning.Status, note: String?, at: Timestamp, by actor: String, origin: String?) throws -> Bool
    func warningEvents(id: String) throws -> [(at: String, actor: String, status: String, note: String?)]
    func nextWarningNumber(day: Int) throws -> Int
    func scanned(day: Int) throws -> Bool
    func markScanned(day: Int, at: Timestamp) throws
    func lastScannedDay() throws -> Int?
    func storeReadings(_ readings: [MeterReading], source: String) throws
    func meterSeries(fromDay: Int, toDay: Int) throws -> [(building: String, meter: String, kind: String, values: [Int: Double])]
    /// Runs `body` unless another process using the store runs the same job now (nil then):
    /// with several servers, one of them scans the night.
    func exclusively<T>(_ job: String, _ body: () throws -> T) throws -> T?
}
