import GridModel

/// Notices in the order they were written.
public protocol NoticeStore: Sendable {
    func notices(after id: Int64, limit: Int) throws -> [DeskNotice]
    func lastNoticeID() throws -> Int64
}
