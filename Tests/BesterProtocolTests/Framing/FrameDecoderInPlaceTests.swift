import BesterProtocol
import Testing

/// `FrameDecoder.decode(_:while:_:)`, the server's no-copy path, must yield
/// exactly what `append` + `nextFrame` yield, however the bytes arrive and
/// whenever it is told to pause.
@Suite struct FrameDecoderInPlaceTests {
    private static func stream(_ bodies: [String]) -> [UInt8] {
        bodies.flatMap { body -> [UInt8] in
            var buffer = ByteBuffer()
            FrameEncoder.encode(body: Array(body.utf8), into: &buffer)
            return buffer.storage
        }
    }

    /// Feeds `stream` in chunks of `sizes` (cycled); takes at most `budget`
    /// frames per chunk in place, the rest with `nextFrame()` afterwards.
    private static func frames(of stream: [UInt8], sizes: [Int], budget: Int) throws -> [[UInt8]] {
        var decoder = FrameDecoder()
        var frames: [[UInt8]] = []
        var start = 0
        var turn = 0
        while start < stream.count {
            let end = min(stream.count, start + sizes[turn % sizes.count])
            turn += 1
            var taken = 0
            try stream[start..<end].withUnsafeBytes { chunk in
                try decoder.decode(chunk, while: { taken < budget }) { body in
                    frames.append(Array(body))
                    taken += 1
                }
            }
            start = end
            if taken == budget {
                // Paused: what was left must come out of the buffer, in order.
                while let body = try decoder.nextFrame() { frames.append(Array(body)) }
            }
        }
        try decoder.finish()
        return frames
    }

    @Test(arguments: [[1], [3], [7, 1, 250], [100_000]], [1, 2, 1_000])
    func yieldsEveryFrameOnceInOrder(sizes: [Int], budget: Int) throws {
        let bodies = (0..<40).map { #"{"n":\#($0),"text":"\#(String(repeating: "x", count: $0 * 3))"}"# }
        #expect(try Self.frames(of: Self.stream(bodies), sizes: sizes, budget: budget) == bodies.map { Array($0.utf8) })
    }

    @Test func anOversizedPrefixIsRefusedInPlaceToo() {
        var decoder = FrameDecoder(maximumFrameSize: 16)
        let bytes: [UInt8] = Self.stream(["{}"]) + [0xFF, 0xFF, 0, 0]
        var seen = 0
        #expect(throws: FrameError.frameTooLarge(declared: 0xFFFF, limit: 16, offset: 6)) {
            try bytes.withUnsafeBytes { chunk in
                try decoder.decode(chunk, while: { true }) { _ in seen += 1 }
            }
        }
        #expect(seen == 1)
    }

    @Test func aZeroLengthFrameIsAnEmptyBodyInPlaceToo() throws {
        var decoder = FrameDecoder()
        var bodies: [[UInt8]] = []
        try ([0, 0, 0, 0] + Self.stream(["[1]"])).withUnsafeBytes { chunk in
            try decoder.decode(chunk, while: { true }) { bodies.append(Array($0)) }
        }
        #expect(bodies == [[], Array("[1]".utf8)])
        #expect(decoder.streamOffset == 11)
    }

    @Test func aPartialFrameIsBufferedAndNothingElseIs() throws {
        var decoder = FrameDecoder()
        let whole = Self.stream(["[1]", "[2]"])
        try whole.dropLast(2).withUnsafeBytes { chunk in
            try decoder.decode(chunk, while: { true }) { _ in }
        }
        #expect(decoder.bufferedByteCount == 5, "only the second frame's first 5 bytes")
        #expect(throws: FrameError.self) { try decoder.finish() }
    }
}
