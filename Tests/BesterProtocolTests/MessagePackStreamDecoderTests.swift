import Testing
import BesterProtocol

/// The stream decoder: back-to-back values in arbitrary chunks.
@Suite struct MessagePackStreamDecoderTests {
    static let values: [MessagePackValue] = [
        ["login", "alice", "secret"],
        .nil, true, 0, 127, 128, -33, 65536, .unsignedInteger(UInt64.max), .float(0.5), 3.25,
        .string(String(repeating: "é", count: 40)), .binary(Array(repeating: 7, count: 300)),
        .map([MessagePackMapEntry(key: "k", value: [[], .map([])]), MessagePackMapEntry(key: 1, value: .nil)]),
        .array(Array(repeating: "x", count: 20)),
        .extension(type: 12, data: [1, 2, 3]), .timestamp(MessagePackTimestamp(seconds: -5, nanoseconds: 1)!),
        ["msg_group", "bob", "2f1e...", "rust", .string(String(repeating: "long message ", count: 30))],
    ]

    static var stream: [UInt8] { values.flatMap(MessagePackWriter.encode) }

    /// Decodes `chunks`, checking after each value that nothing past it was consumed.
    func decodeAll(_ chunks: [[UInt8]], limits: MessagePackLimits = MessagePackLimits()) throws -> [MessagePackValue] {
        var decoder = MessagePackStreamDecoder(limits: limits)
        var decoded: [MessagePackValue] = []
        var fed = 0
        for chunk in chunks {
            decoder.append(chunk)
            fed += chunk.count
            while let value = try decoder.next() {
                decoded.append(value)
                #expect(decoder.streamOffset == Self.values.prefix(decoded.count).reduce(0) { $0 + MessagePackWriter.encode($1).count })
                #expect(decoder.bufferedByteCount == fed - decoder.streamOffset)
            }
        }
        try decoder.finish()
        return decoded
    }

    @Test(arguments: 0..<50)
    func randomChunkingYieldsTheSameValues(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let chunks = randomChunks(Self.stream, maximumPiece: seed % 2 == 0 ? 7 : 200, using: &generator)
        #expect(try decodeAll(chunks) == Self.values)
    }

    @Test func oneByteAtATime() throws {
        #expect(try decodeAll(Self.stream.map { [$0] }) == Self.values)
    }

    @Test func allAtOnce() throws {
        #expect(try decodeAll([Self.stream]) == Self.values)
    }

    @Test func neverReadsPastOneValue() throws {
        var decoder = MessagePackStreamDecoder()
        let first = MessagePackWriter.encode(["whisper", "a", "t", "b", "hi"])
        let second = MessagePackWriter.encode(["logout", "a"])
        decoder.append(first + second.prefix(3))
        #expect(try decoder.next() == ["whisper", "a", "t", "b", "hi"])
        #expect(decoder.bufferedByteCount == 3)
        #expect(try decoder.next() == nil)
        decoder.append(second.dropFirst(3))
        #expect(try decoder.next() == ["logout", "a"])
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func oversizedStrIsRefusedFromItsHeader() throws {
        var decoder = MessagePackStreamDecoder(limits: MessagePackLimits(maximumValueSize: 1000))
        decoder.append(hex("c0 db 00100000"))  // nil, then a str 32 of 1 MiB, only its header
        #expect(try decoder.next() == .nil)
        let error = try #require(throws: MessagePackDecodeError.self) { try decoder.next() }
        #expect(error.kind == .lengthExceedsLimit)
        #expect(error.offset == 1)
        #expect(!error.isRecoverable)
        #expect(error.description == "byte 1: value would take at least 1048581 bytes; the limit is 1000")
        // Final: the stream cannot be resynchronised.
        decoder.append([0xC0])
        #expect(throws: error) { try decoder.next() }
        #expect(throws: error) { try decoder.finish() }
    }

    @Test func oversizedElementCountIsRefusedFromItsHeader() throws {
        var decoder = MessagePackStreamDecoder(limits: MessagePackLimits(maximumValueSize: 100))
        decoder.append(hex("92 c0 dd 00010000"))
        let error = try #require(throws: MessagePackDecodeError.self) { try decoder.next() }
        #expect(error.kind == .lengthExceedsLimit)
        #expect(error.offset == 2)
    }

    @Test func valueExactlyAtTheLimitIsAccepted() throws {
        let value = MessagePackValue.string(String(repeating: "a", count: 98))  // d9 62 + 98 bytes
        var decoder = MessagePackStreamDecoder(limits: MessagePackLimits(maximumValueSize: 100))
        decoder.append(MessagePackWriter.encode(value))
        #expect(try decoder.next() == value)
        var tooSmall = MessagePackStreamDecoder(limits: MessagePackLimits(maximumValueSize: 99))
        tooSmall.append(MessagePackWriter.encode(value))
        #expect(throws: MessagePackDecodeError.self) { try tooSmall.next() }
    }

    @Test func depthLimitApplies() throws {
        var decoder = MessagePackStreamDecoder(limits: MessagePackLimits(maximumDepth: 3))
        decoder.append(hex("91 91 91 c0"))
        #expect(try decoder.next() == [[[.nil]]])
        decoder.append(hex("91 91 91 90"))
        let error = try #require(throws: MessagePackDecodeError.self) { try decoder.next() }
        #expect(error.kind == .tooDeep)
        #expect(error.offset == 7)
    }

    @Test func deepNestingFailsWithoutWaitingForTheEnd() throws {
        var decoder = MessagePackStreamDecoder()
        decoder.append([UInt8](repeating: 0x91, count: 10_000))
        let error = try #require(throws: MessagePackDecodeError.self) { try decoder.next() }
        #expect(error.kind == .tooDeep)
    }

    @Test func invalidUTF8SkipsTheValueAndGoesOn() throws {
        var decoder = MessagePackStreamDecoder()
        decoder.append(hex("c3 92 a1 61 a2 c328 c2"))
        #expect(try decoder.next() == true)
        let error = try #require(throws: MessagePackDecodeError.self) { try decoder.next() }
        #expect(error.kind == .invalidUTF8)
        #expect(error.offset == 5)
        #expect(error.isRecoverable)
        #expect(try decoder.next() == false)
        #expect(try decoder.next() == nil)
    }

    @Test func malformedTimestampSkipsTheValueAndGoesOn() throws {
        var decoder = MessagePackStreamDecoder()
        decoder.append(hex("d4 ff 00 01"))
        let error = try #require(throws: MessagePackDecodeError.self) { try decoder.next() }
        #expect(error.kind == .invalidTimestamp)
        #expect(try decoder.next() == 1)
    }

    @Test func reservedByteIsFinal() throws {
        var decoder = MessagePackStreamDecoder()
        decoder.append(hex("01 92 01 c1 02"))
        #expect(try decoder.next() == 1)
        let error = try #require(throws: MessagePackDecodeError.self) { try decoder.next() }
        #expect(error.kind == .reservedByte)
        #expect(error.offset == 3)
        #expect(throws: error) { try decoder.next() }
    }

    @Test func endingInsideAValueIsTruncation() throws {
        var decoder = MessagePackStreamDecoder()
        decoder.append(hex("01 93 01"))
        #expect(try decoder.next() == 1)
        #expect(try decoder.next() == nil)
        let error = try #require(throws: MessagePackDecodeError.self) { try decoder.finish() }
        #expect(error.kind == .truncated)
        #expect(error.description == "byte 1: stream ended inside a value (2 bytes of it received)")
    }

    @Test func largeValueInTinyChunks() throws {
        let value = MessagePackValue.array((0..<5000).map { .string("item \($0)") })
        var decoder = MessagePackStreamDecoder()
        var decoded: MessagePackValue?
        for byte in MessagePackWriter.encode(value) {
            decoder.append(CollectionOfOne(byte))
            if let next = try decoder.next() { decoded = next }
        }
        #expect(decoded == value)
    }

    @Test func appendsFromRawMemory() throws {
        var decoder = MessagePackStreamDecoder()
        hex("92 01 02").withUnsafeBytes { decoder.append($0) }
        #expect(try decoder.next() == [1, 2])
    }

    /// Random bytes in random chunks never crash and never buffer more than
    /// the value size limit plus one chunk.
    @Test func randomStreamsNeverCrash() throws {
        var generator = SeededGenerator(seed: 0xB17E)
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...600, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var decoder = MessagePackStreamDecoder(limits: MessagePackLimits(maximumValueSize: 256, maximumDepth: 16))
            chunks: for chunk in randomChunks(bytes, maximumPiece: 50, using: &generator) {
                decoder.append(chunk)
                while true {
                    do {
                        guard try decoder.next() != nil else { break }
                    } catch where error.isRecoverable {
                        continue
                    } catch {
                        break chunks
                    }
                }
                #expect(decoder.bufferedByteCount <= 256 + 50)
            }
        }
    }
}
