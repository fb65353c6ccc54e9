import Foundation

/// A bounded queue between two threads: a reader hands batches over, a writer takes them; each
/// waits when the other is behind, so at most `capacity` batches are in memory at once.
final class HandOff<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var closed = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room, then adds; false when the taker has stopped (the element is dropped).
    @discardableResult
    func put(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !closed { condition.wait() }
        guard !closed else { return false }
        items.append(element)
        condition.broadcast()
        return true
    }

    /// The next element, waiting for one; nil once closed and empty.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        guard !items.isEmpty else { return nil }
        let e = items.removeFirst()
        condition.broadcast()
        return e
    }

    /// No more elements: the taker drains what is there, then gets nil; a putter stops waiting.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
