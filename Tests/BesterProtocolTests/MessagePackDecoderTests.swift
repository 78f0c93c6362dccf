import Testing
import BesterProtocol

/// Decoding whole inputs: every alternative encoding of a value, and hostile input.
@Suite struct MessagePackDecoderTests {
    let decoder = MessagePackDecoder()

    static let encodingsOfOne = [
        "01", "cc 01", "cd 0001", "ce 00000001", "cf 0000000000000001",
        "d0 01", "d1 0001", "d2 00000001", "d3 0000000000000001",
    ]

    @Test(arguments: encodingsOfOne)
    func everyIntegerEncodingOfOneIsTheSameValue(encoding: String) throws {
        let value = try decoder.decode(hex(encoding))
        #expect(value == .integer(1))
        #expect(value.int64Value == 1)
    }

    @Test(arguments: ["ff", "d0 ff", "d1 ffff", "d2 ffffffff", "d3 ffffffffffffffff"])
    func everyIntegerEncodingOfMinusOneIsTheSameValue(encoding: String) throws {
        #expect(try decoder.decode(hex(encoding)) == .integer(-1))
    }

    @Test func floatEncodingsOfANumberKeepTheirWidthButAgreeNumerically() throws {
        let asFloat = try decoder.decode(hex("ca 3f800000"))
        let asDouble = try decoder.decode(hex("cb 3ff0000000000000"))
        #expect(asFloat == .float(1))
        #expect(asDouble == .double(1))
        #expect(asFloat.int64Value == 1)
        #expect(asDouble.int64Value == 1)
        #expect(try decoder.decode(hex("cb 3ff8000000000000")).int64Value == nil)
        #expect(try decoder.decode(hex("cc 01")).doubleValue == 1)
    }

    @Test(arguments: ["a1 61", "d9 01 61", "da 0001 61", "db 00000001 61"])
    func everyStringEncodingIsTheSameValue(encoding: String) throws {
        #expect(try decoder.decode(hex(encoding)) == "a")
    }

    @Test(arguments: ["c4 02 0102", "c5 0002 0102", "c6 00000002 0102"])
    func everyBinaryEncodingIsTheSameValue(encoding: String) throws {
        #expect(try decoder.decode(hex(encoding)) == .binary([1, 2]))
    }

    @Test(arguments: ["91 01", "dc 0001 01", "dd 00000001 01", "91 cc 01", "91 d3 0000000000000001"])
    func everyArrayEncodingIsTheSameValue(encoding: String) throws {
        #expect(try decoder.decode(hex(encoding)) == [1])
    }

    @Test(arguments: ["81 a1 6b c3", "de 0001 a1 6b c3", "df 00000001 d9 01 6b c3"])
    func everyMapEncodingIsTheSameValue(encoding: String) throws {
        #expect(try decoder.decode(hex(encoding)) == .map([MessagePackMapEntry(key: "k", value: true)]))
    }

    @Test(arguments: ["d6 07 01020304", "c7 04 07 01020304", "c8 0004 07 01020304", "c9 00000004 07 01020304"])
    func everyExtensionEncodingIsTheSameValue(encoding: String) throws {
        #expect(try decoder.decode(hex(encoding)) == .extension(type: 7, data: [1, 2, 3, 4]))
    }

    @Test(arguments: ["d6 ff 00000001", "d7 ff 0000000000000001", "c7 0c ff 00000000 0000000000000001"])
    func everyTimestampEncodingIsTheSameValue(encoding: String) throws {
        #expect(try decoder.decode(hex(encoding)) == .timestamp(MessagePackTimestamp(seconds: 1)!))
    }

    // MARK: Hostile input

    @Test(arguments: [
        ("dd ffffffff", "array declares 4294967295 elements but only 0 bytes remain"),
        ("df ffffffff 00", "map declares 4294967295 entries but only 1 bytes remain"),
        ("db ffffffff 6162", "str 32 declares 4294967295 bytes but only 2 remain"),
        ("c6 ffffffff", "bin 32 declares 4294967295 bytes but only 0 remain"),
        ("c9 ffffffff 01", "ext 32 declares 4294967295 bytes but only 0 remain"),
        ("93 01 02", "array declares 3 elements but only 2 bytes remain"),
    ])
    func hugeDeclaredLengthsFailBeforeAllocating(encoding: String, message: String) throws {
        let error = try #require(throws: MessagePackDecodeError.self) { try decoder.decode(hex(encoding)) }
        #expect(error.kind == .truncated)
        #expect(error.offset == 0)
        #expect(error.message == message)
    }

    @Test(arguments: ["", "cd 01", "cf 00", "92 01", "a3 6162", "d4 01", "c7 05"])
    func truncatedInputIsAnError(encoding: String) {
        #expect(throws: MessagePackDecodeError.self) { try decoder.decode(hex(encoding)) }
    }

    @Test func reservedByteIsAnError() throws {
        let error = try #require(throws: MessagePackDecodeError.self) { try decoder.decode(hex("92 01 c1")) }
        #expect(error.kind == .reservedByte)
        #expect(error.offset == 2)
        #expect(error.description == "byte 2: byte 0xc1 is never used in MessagePack")
    }

    @Test(arguments: [
        ("a2 c328", 1),          // bad continuation byte
        ("a2 c080", 1),          // overlong encoding
        ("a3 eda080", 1),        // UTF-16 surrogate
        ("a4 f4908080", 1),      // above U+10FFFF
        ("a3 6162ff", 3),        // never valid
        ("a2 61e2", 2),          // sequence cut by the end of the str
    ])
    func invalidUTF8InAStrIsAnErrorAtTheBadByte(encoding: String, offset: Int) throws {
        let error = try #require(throws: MessagePackDecodeError.self) { try decoder.decode(hex(encoding)) }
        #expect(error.kind == .invalidUTF8)
        #expect(error.offset == offset)
    }

    @Test func binCarriesAnyBytes() throws {
        #expect(try decoder.decode(hex("c4 03 ff c0 80")) == .binary([0xFF, 0xC0, 0x80]))
    }

    @Test func depthLimit() throws {
        let shallow = MessagePackDecoder(maximumDepth: 2)
        #expect(try shallow.decode(hex("91 90")) == [[]])
        #expect(try shallow.decode(hex("81 a1 6b 90")) == .map([MessagePackMapEntry(key: "k", value: [])]))
        let error = try #require(throws: MessagePackDecodeError.self) { try shallow.decode(hex("91 91 90")) }
        #expect(error.kind == .tooDeep)
        #expect(error.offset == 2)
        let deep = [UInt8](repeating: 0x91, count: 100_000) + [0xC0]
        let deepError = try #require(throws: MessagePackDecodeError.self) { try decoder.decode(deep) }
        #expect(deepError.kind == .tooDeep)
        #expect(deepError.offset == MessagePackLimits.defaultMaximumDepth)
    }

    @Test(arguments: [
        ("d4 ff 00", "timestamp extension has 1 bytes; it must have 4, 8 or 12"),
        ("c7 00 ff", "timestamp extension has 0 bytes; it must have 4, 8 or 12"),
        ("d7 ff ee6b280000000000", "timestamp has 1000000000 nanoseconds; at most 999999999 allowed"),
        ("c7 0c ff 3b9aca00 0000000000000000", "timestamp has 1000000000 nanoseconds; at most 999999999 allowed"),
    ])
    func malformedTimestampsAreErrors(encoding: String, message: String) throws {
        let error = try #require(throws: MessagePackDecodeError.self) { try decoder.decode(hex(encoding)) }
        #expect(error.kind == .invalidTimestamp)
        #expect(error.message == message)
    }

    @Test func trailingBytesAreAnError() throws {
        let error = try #require(throws: MessagePackDecodeError.self) { try decoder.decode(hex("c0 c0 c0")) }
        #expect(error.kind == .trailingBytes)
        #expect(error.description == "byte 1: 2 bytes after the end of the value")
    }

    @Test func nonContiguousInputIsDecodedToo() throws {
        #expect(try decoder.decode(hex("92 01 02").reversed().reversed()) == [1, 2])
    }

    /// Random and mutated input never crashes; whatever decodes re-encodes to
    /// the same value.
    @Test func randomInputNeverCrashes() throws {
        var generator = SeededGenerator(seed: 0x5EED)
        let valid = MessagePackWriter.encode([
            "msg_group", "alice", .binary([1, 2, 3]), .map([MessagePackMapEntry(key: 1, value: 2.5)]),
            .timestamp(MessagePackTimestamp(seconds: 1_700_000_000, nanoseconds: 9)!), .extension(type: 3, data: [9, 9]),
        ])
        var decodedCount = 0
        for round in 0..<5000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            } else {
                bytes = valid
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            }
            if let value = try? decoder.decode(bytes) {
                decodedCount += 1
                let reencoded = MessagePackWriter.encode(value)
                #expect(MessagePackWriter.encode(try decoder.decode(reencoded)) == reencoded)
            }
        }
        #expect(decodedCount > 0)
    }
}
