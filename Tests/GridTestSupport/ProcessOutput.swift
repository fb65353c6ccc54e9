import Foundation

/// Runs a program to completion and returns its exit status and combined output.
public func runProcess(_ executable: String, _ arguments: [String], in directory: String? = nil) throws -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe()
    p.standardOutput = out
    p.standardError = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Runs blocking work (waiting for a browser, GDAL, a Python client) on a thread of its own,
/// never on one of Swift concurrency's few shared threads: the in-process server the program
/// talks to needs those to answer, and two blocked tests on two cores would starve it for good.
public func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// Stops a helper process (a web server, a receiver) for certain: the test process's blocked
/// signals are inherited by what it starts, so SIGTERM may never arrive; SIGKILL always does.
public func stopHelper(_ p: Process) {
    guard p.isRunning else { return }
    kill(p.processIdentifier, SIGKILL)
    p.waitUntilExit()
}
