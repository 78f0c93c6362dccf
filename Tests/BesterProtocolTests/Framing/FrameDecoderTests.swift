import BesterProtocol
import Testing

@Suite struct FrameDecoderTests {
    private func frame(_ text: String) -> [UInt8] {
        FrameEncoder.frame(try! JSONParser.parse(text))
    }

    /// All frames a chunked feed yields, and the error that stopped it, if any.
    private func decode(_ stream: [UInt8], chunks: [Int], maximumFrameSize: Int = FrameDecoder.defaultMaximumFrameSize)
        -> (frames: [[UInt8]], error: FrameError?) {
        var decoder = FrameDecoder(maximumFrameSize: maximumFrameSize)
        var frames: [[UInt8]] = []
        var start = 0
        do {
            for size in chunks {
                let end = min(stream.count, start + size)
                decoder.append(stream[start..<end])
                start = end
                while let body = try decoder.nextFrame() { frames.append(Array(body)) }
            }
            try decoder.finish()
            return (frames, nil)
        } catch {
            return (frames, error)
        }
    }

    @Test func decodesFramesFedAllAtOnce() {
        let stream = frame("{\"a\":1}") + frame("[2]")
        let result = decode(stream, chunks: [stream.count])
        #expect(result.frames == [Array("{\"a\":1}".utf8), Array("[2]".utf8)])
        #expect(result.error == nil)
    }

    @Test(arguments: [1 as UInt64, 2, 3, 4, 5])
    func randomStreamsDecodeIdenticallyWhateverTheChunking(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let bodies = (0..<Int.random(in: 1...30, using: &generator)).map { _ in
            JSONSerializer.bytes(RandomJSON.value(using: &generator))
        }
        var stream: [UInt8] = []
        for body in bodies {
            var buffer = ByteBuffer()
            FrameEncoder.encode(body: body, into: &buffer)
            stream += buffer.storage
        }
        var randomChunks: [Int] = []
        var covered = 0
        while covered < stream.count {
            let size = Int.random(in: 1...64, using: &generator)
            randomChunks.append(size)
            covered += size
        }
        for chunks in [[stream.count], Array(repeating: 1, count: stream.count), randomChunks] {
            let result = decode(stream, chunks: chunks)
            #expect(result.error == nil)
            #expect(result.frames == bodies)
            for (body, decoded) in zip(bodies, result.frames) {
                #expect(try JSONParser.parse(decoded) == JSONParser.parse(body))
            }
        }
    }

    @Test func oversizedPrefixIsRefusedFromItsFourBytesBeforeAnyAllocation() {
        var decoder = FrameDecoder()
        decoder.append([0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: FrameError.frameTooLarge(declared: UInt32.max, limit: FrameDecoder.defaultMaximumFrameSize, offset: 0)) {
            try decoder.nextFrame()
        }
        // Only the prefix is buffered: nothing was reserved for the 4 GiB body.
        #expect(decoder.bufferedByteCount == 4)
        #expect(decoder.bufferCapacity < 1024)
    }

    @Test func theLimitIsInclusive() {
        let body = Array("[1,2,3]".utf8)
        var buffer = ByteBuffer()
        FrameEncoder.encode(body: body, into: &buffer)
        #expect(decode(buffer.storage, chunks: [buffer.storage.count], maximumFrameSize: body.count).frames == [body])
        let tooSmall = decode(buffer.storage, chunks: [buffer.storage.count], maximumFrameSize: body.count - 1)
        #expect(tooSmall.error == .frameTooLarge(declared: UInt32(body.count), limit: body.count - 1, offset: 0))
    }

    @Test func oversizedFrameAfterOthersNamesItsOffset() {
        let first = frame("[1]")
        let result = decode(first + [0x00, 0x00, 0x00, 0x01], chunks: [100], maximumFrameSize: 1024)
        #expect(result.frames.count == 1)
        #expect(result.error == .frameTooLarge(declared: 0x0100_0000, limit: 1024, offset: first.count))
    }

    @Test func zeroLengthIsAnEmptyBodyAndTheStreamGoesOn() {
        // An empty body is not JSON, but that is for the body's parser to say: the framing is intact.
        let result = decode(frame("[1]") + [0, 0, 0, 0] + frame("[2]"), chunks: [1, 100])
        #expect(result.frames == [Array("[1]".utf8), [], Array("[2]".utf8)])
        #expect(result.error == nil)
    }

    @Test func streamEndingInsideAPrefixIsTruncated() {
        let result = decode(frame("[1]") + [5, 0], chunks: [100])
        #expect(result.error == .truncated(expected: 4, received: 2, offset: 7))
    }

    @Test func streamEndingInsideABodyIsTruncated() {
        let whole = frame("{\"abc\":1}")
        let result = decode(Array(whole.dropLast(3)), chunks: [1, 1, 100])
        #expect(result.frames.isEmpty)
        #expect(result.error == .truncated(expected: whole.count, received: whole.count - 3, offset: 0))
        #expect(result.error?.offset == 0)
    }

    @Test func offsetsAndBufferMemoryFollowTheStream() throws {
        var decoder = FrameDecoder()
        let first = frame("[1]")
        decoder.append(first)
        #expect(try decoder.nextFrame() == ArraySlice(Array("[1]".utf8)))
        #expect(decoder.streamOffset == first.count)
        #expect(try decoder.nextFrame() == nil)
        // Drained: an idle connection holds no buffer memory.
        #expect(decoder.bufferCapacity == 0)
        #expect(decoder.bufferedByteCount == 0)
        decoder.append([2, 0])
        #expect(try decoder.nextFrame() == nil)
        #expect(decoder.bufferedByteCount == 2)
        #expect(throws: FrameError.self) { try decoder.finish() }
    }

    @Test func appendingRawMemoryWorksLikeAnArray() throws {
        var decoder = FrameDecoder()
        frame("\"x\"").withUnsafeBytes { decoder.append($0) }
        #expect(try decoder.nextFrame() == ArraySlice(Array("\"x\"".utf8)))
    }
}
