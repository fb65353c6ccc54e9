import NIOPosix

/// Work that writes to SQLite and waits for the disk (desk events, audited reads) runs on NIO's
/// blocking-I/O thread pool, not on the concurrency pool that every request needs to make progress.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(work)
}
