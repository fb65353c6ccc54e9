import Foundation
import GridService
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension GridStore {
    /// Several processes over one file (two `wangge serve`, a cron job) take turns through an
    /// advisory lock on a file beside the database: `wangge.db.<job>.lock`.
    public func exclusively<T>(_ job: String, _ body: () throws -> T) throws -> T? {
        let fd = open(path + "." + job + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return try body() }  // a read-only folder: one process is all there can be
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return nil }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
