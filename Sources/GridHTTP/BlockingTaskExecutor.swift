import NIOPosix

/// Runs a task's jobs on NIO's blocking-I/O thread pool (a task executor preference), for the
/// background services whose async loops call the store synchronously: the deadline watch, the
/// webhook sender. On Swift's shared pool — one thread a core — two such calls waiting on
/// SQLite's write lock left no thread for any request, and the whole server stood still.
final class BlockingTaskExecutor: TaskExecutor {
    static let shared = BlockingTaskExecutor()

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        NIOThreadPool.singleton.submit { _ in job.runSynchronously(on: executor) }
    }
}
