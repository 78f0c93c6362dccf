import Testing
import BesterProtocol

/// Exact bytes at every type boundary, and the decoder reading them back.
@Suite struct MessagePackWriterTests {
    static let integerBoundaries: [(Int64, String)] = [
        (0, "00"), (1, "01"), (127, "7f"), (128, "cc 80"), (255, "cc ff"), (256, "cd 0100"),
        (65535, "cd ffff"), (65536, "ce 00010000"), (4_294_967_295, "ce ffffffff"),
        (4_294_967_296, "cf 0000000100000000"), (Int64.max, "cf 7fffffffffffffff"),
        (-1, "ff"), (-32, "e0"), (-33, "d0 df"), (-128, "d0 80"), (-129, "d1 ff7f"),
        (-32768, "d1 8000"), (-32769, "d2 ffff7fff"), (-2_147_483_648, "d2 80000000"),
        (-2_147_483_649, "d3 ffffffff7fffffff"), (Int64.min, "d3 8000000000000000"),
    ]

    @Test(arguments: integerBoundaries)
    func integerBoundary(value: Int64, expected: String) throws {
        var writer = MessagePackWriter()
        writer.writeInteger(value)
        #expect(writer.bytes == hex(expected))
        #expect(try MessagePackDecoder().decode(hex(expected)) == .integer(value))
    }

    @Test func unsignedAboveInt64() throws {
        let bytes = MessagePackWriter.encode(.unsignedInteger(UInt64.max))
        #expect(bytes == hex("cf ffffffffffffffff"))
        #expect(try MessagePackDecoder().decode(bytes) == .unsignedInteger(UInt64.max))
        #expect(MessagePackValue(UInt64(Int64.max) + 1) == .unsignedInteger(0x8000_0000_0000_0000))
        #expect(MessagePackValue(UInt64(5)) == .integer(5))
        var writer = MessagePackWriter()
        writer.writeUnsignedInteger(200)
        #expect(writer.bytes == hex("cc c8"))
    }

    @Test func nilBoolAndFloats() throws {
        #expect(MessagePackWriter.encode(.nil) == [0xC0])
        #expect(MessagePackWriter.encode(false) == [0xC2])
        #expect(MessagePackWriter.encode(true) == [0xC3])
        #expect(MessagePackWriter.encode(.float(1.5)) == hex("ca 3fc00000"))
        #expect(MessagePackWriter.encode(.double(1.5)) == hex("cb 3ff8000000000000"))
        #expect(MessagePackWriter.encode(.double(-0.0)) == hex("cb 8000000000000000"))
        #expect(try MessagePackDecoder().decode(hex("ca 3fc00000")) == .float(1.5))
        #expect(try MessagePackDecoder().decode(hex("cb 3ff8000000000000")) == .double(1.5))
        let infinity = try MessagePackDecoder().decode(hex("cb 7ff0000000000000"))
        #expect(infinity == .double(.infinity))
        let nan = try MessagePackDecoder().decode(hex("ca 7fc00000"))
        #expect(nan.doubleValue?.isNaN == true)
    }

    static let stringBoundaries: [(Int, String)] = [
        (0, "a0"), (1, "a1"), (31, "bf"), (32, "d9 20"), (255, "d9 ff"), (256, "da 0100"),
        (65535, "da ffff"), (65536, "db 00010000"),
    ]

    @Test(arguments: stringBoundaries)
    func stringBoundary(length: Int, header: String) throws {
        let text = String(repeating: "x", count: length)
        let bytes = MessagePackWriter.encode(.string(text))
        #expect(Array(bytes.prefix(hex(header).count)) == hex(header))
        #expect(bytes.count == hex(header).count + length)
        #expect(try MessagePackDecoder().decode(bytes) == .string(text))
    }

    @Test func stringLengthCountsUTF8Bytes() throws {
        // 16 two-byte characters: 32 bytes, so str 8 although only 16 characters.
        let text = String(repeating: "é", count: 16)
        let bytes = MessagePackWriter.encode(.string(text))
        #expect(Array(bytes.prefix(2)) == hex("d9 20"))
        #expect(try MessagePackDecoder().decode(bytes) == .string(text))
    }

    static let binaryBoundaries: [(Int, String)] = [
        (0, "c4 00"), (255, "c4 ff"), (256, "c5 0100"), (65535, "c5 ffff"), (65536, "c6 00010000"),
    ]

    @Test(arguments: binaryBoundaries)
    func binaryBoundary(length: Int, header: String) throws {
        let data = (0..<length).map { UInt8(truncatingIfNeeded: $0) }
        let bytes = MessagePackWriter.encode(.binary(data))
        #expect(Array(bytes.prefix(hex(header).count)) == hex(header))
        #expect(try MessagePackDecoder().decode(bytes) == .binary(data))
    }

    static let arrayBoundaries: [(Int, String)] = [
        (0, "90"), (15, "9f"), (16, "dc 0010"), (65535, "dc ffff"), (65536, "dd 00010000"),
    ]

    @Test(arguments: arrayBoundaries)
    func arrayBoundary(count: Int, header: String) throws {
        let value = MessagePackValue.array(Array(repeating: .nil, count: count))
        let bytes = MessagePackWriter.encode(value)
        #expect(Array(bytes.prefix(hex(header).count)) == hex(header))
        #expect(bytes.count == hex(header).count + count)
        #expect(try MessagePackDecoder().decode(bytes) == value)
    }

    static let mapBoundaries: [(Int, String)] = [
        (0, "80"), (15, "8f"), (16, "de 0010"), (65535, "de ffff"), (65536, "df 00010000"),
    ]

    @Test(arguments: mapBoundaries)
    func mapBoundary(count: Int, header: String) throws {
        let value = MessagePackValue.map((0..<count).map { MessagePackMapEntry(key: .integer(Int64($0 % 100)), value: .nil) })
        let bytes = MessagePackWriter.encode(value)
        #expect(Array(bytes.prefix(hex(header).count)) == hex(header))
        #expect(try MessagePackDecoder().decode(bytes) == value)
    }

    static let extensionBoundaries: [(Int, String)] = [
        (1, "d4 05"), (2, "d5 05"), (4, "d6 05"), (8, "d7 05"), (16, "d8 05"),
        (0, "c7 00 05"), (3, "c7 03 05"), (17, "c7 11 05"), (255, "c7 ff 05"),
        (256, "c8 0100 05"), (65535, "c8 ffff 05"), (65536, "c9 00010000 05"),
    ]

    @Test(arguments: extensionBoundaries)
    func extensionBoundary(length: Int, header: String) throws {
        let value = MessagePackValue.extension(type: 5, data: Array(repeating: 0xAB, count: length))
        let bytes = MessagePackWriter.encode(value)
        #expect(Array(bytes.prefix(hex(header).count)) == hex(header))
        #expect(bytes.count == hex(header).count + length)
        #expect(try MessagePackDecoder().decode(bytes) == value)
    }

    @Test func negativeExtensionType() throws {
        let value = MessagePackValue.extension(type: -128, data: [1])
        #expect(MessagePackWriter.encode(value) == hex("d4 80 01"))
        #expect(try MessagePackDecoder().decode(hex("d4 80 01")) == value)
    }

    static let timestampBoundaries: [(Int64, UInt32, String)] = [
        (0, 0, "d6 ff 00000000"),
        (4_294_967_295, 0, "d6 ff ffffffff"),
        (4_294_967_296, 0, "d7 ff 0000000100000000"),
        (1, 1, "d7 ff 0000000400000001"),
        (17_179_869_183, 999_999_999, "d7 ff ee6b27ffffffffff"),
        (17_179_869_184, 0, "c7 0c ff 00000000 0000000400000000"),
        (-1, 0, "c7 0c ff 00000000 ffffffffffffffff"),
        (-1, 500_000_000, "c7 0c ff 1dcd6500 ffffffffffffffff"),
    ]

    @Test(arguments: timestampBoundaries)
    func timestampBoundary(seconds: Int64, nanoseconds: UInt32, expected: String) throws {
        let timestamp = try #require(MessagePackTimestamp(seconds: seconds, nanoseconds: nanoseconds))
        var writer = MessagePackWriter()
        writer.writeTimestamp(timestamp)
        #expect(writer.bytes == hex(expected))
        #expect(try MessagePackDecoder().decode(hex(expected)) == .timestamp(timestamp))
    }

    @Test func timestampRejectsTooManyNanoseconds() {
        #expect(MessagePackTimestamp(seconds: 0, nanoseconds: 1_000_000_000) == nil)
        #expect(MessagePackTimestamp(seconds: 0, nanoseconds: 999_999_999) != nil)
    }

    @Test func nestedValueRoundTrips() throws {
        let value: MessagePackValue = .map([
            MessagePackMapEntry(key: "name", value: "ann"),
            MessagePackMapEntry(key: 7, value: [1, -1, 2.5, .float(0.25), .nil, true, .binary([0, 255])]),
            MessagePackMapEntry(key: .binary([1]), value: .extension(type: 9, data: [1, 2, 3])),
            MessagePackMapEntry(key: "when", value: .timestamp(MessagePackTimestamp(seconds: 1_700_000_000, nanoseconds: 5)!)),
        ])
        let bytes = MessagePackWriter.encode(value)
        #expect(try MessagePackDecoder().decode(bytes) == value)
        var buffer = ByteBuffer(bytes: [0xEE])
        MessagePackWriter.encode(value, into: &buffer)
        #expect(buffer.storage == [0xEE] + bytes)
    }

    @Test func directWritingMatchesValueWriting() {
        var writer = MessagePackWriter()
        writer.writeArrayHeader(count: 3)
        writer.writeString("update")
        writer.writeInteger(-5)
        writer.writeMapHeader(count: 1)
        writer.writeString("k")
        writer.writeBinary([1, 2])
        let value: MessagePackValue = ["update", -5, .map([MessagePackMapEntry(key: "k", value: .binary([1, 2]))])]
        #expect(writer.bytes == MessagePackWriter.encode(value))
        #expect(writer.bytes == hex("93 a6 757064617465 fb 81 a1 6b c4 02 0102"))
    }
}
