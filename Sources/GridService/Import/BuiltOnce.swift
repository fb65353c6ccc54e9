import Synchronization

/// A value built the first time it is asked for and kept, for something costly that a run
/// may never need (the address resolver of a history file whose petitions all have points).
/// A build that fails is tried again at the next ask.
final class BuiltOnce<Value: Sendable>: Sendable {
    private let build: @Sendable () throws -> Value
    private let built = Mutex<Value?>(nil)

    init(_ build: @escaping @Sendable () throws -> Value) { self.build = build }

    func get() throws -> Value {
        try built.withLock { value in
            if let value { return value }
            let made = try build()
            value = made
            return made
        }
    }
}
