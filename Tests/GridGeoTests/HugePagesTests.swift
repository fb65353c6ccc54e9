import Testing
@testable import GridGeo

@Suite struct HugePagesTests {
    /// Large enough to be advised (12 MiB): the advice must leave the
    /// contents exactly as written, at an unaligned start too.
    @Test func advisedArraysHoldWhatWasWritten() {
        let count = 3 << 19 + 7
        let values: [Int64] = HugePages.array(count: count) { buffer in
            for k in 0..<count { buffer.initializeElement(at: k, to: Int64(k) &* 2_654_435_761) }
        }
        #expect(values.count == count)
        #expect(count * MemoryLayout<Int64>.stride >= HugePages.threshold)
        var wrong = 0
        for k in 0..<count where values[k] != Int64(k) &* 2_654_435_761 { wrong += 1 }
        #expect(wrong == 0)

        let raw = UnsafeMutableRawPointer.allocate(byteCount: 9 << 20, alignment: 16)
        defer { raw.deallocate() }
        HugePages.advise(raw + 3, bytes: (9 << 20) - 3)
        raw.storeBytes(of: 42, toByteOffset: (9 << 20) - 8, as: Int64.self)
        #expect(raw.load(fromByteOffset: (9 << 20) - 8, as: Int64.self) == 42)
    }

    /// The index buffers go through the same advice: a large one reads back whole.
    @Test func aLargeFlatBufferReadsBackWhole() {
        let source = (0..<(1 << 20)).map { Int32(truncatingIfNeeded: $0 &* 7) }
        let buffer = FlatBuffer(source)
        #expect(buffer.bytes >= HugePages.threshold)
        #expect((0..<source.count).allSatisfy { buffer[$0] == source[$0] })
    }
}
