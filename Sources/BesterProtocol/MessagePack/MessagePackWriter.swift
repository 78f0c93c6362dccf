/// Writes MessagePack, always in the smallest representation of each value.
///
/// Build messages directly with the `write…` calls (no intermediate
/// ``MessagePackValue`` tree), or write a whole value with ``writeValue(_:)``:
///
/// ```swift
/// var writer = MessagePackWriter()
/// writer.writeArrayHeader(count: 2)
/// writer.writeString("update")
/// writer.writeBool(true)
/// send(writer.bytes)
/// ```
///
/// Non-negative integers use the unsigned family (positive fixint, uint
/// 8/16/32/64), negative ones the signed family (negative fixint, int
/// 8/16/32/64). Floats keep their width: a `Float` is a float 32, a `Double`
/// a float 64. Timestamps use the smallest of their three sizes.
public struct MessagePackWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8]

    /// Creates a writer with room for `capacity` bytes.
    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The encoding of `value`.
    public static func encode(_ value: MessagePackValue) -> [UInt8] {
        var writer = MessagePackWriter()
        writer.writeValue(value)
        return writer.bytes
    }

    /// Appends the encoding of `value` to `buffer`.
    public static func encode(_ value: MessagePackValue, into buffer: inout ByteBuffer) {
        // Borrow the buffer's storage so the bytes are written in place.
        var writer = MessagePackWriter()
        swap(&writer.bytes, &buffer.storage)
        writer.writeValue(value)
        swap(&writer.bytes, &buffer.storage)
    }

    // MARK: Scalars

    /// Writes nil (0xc0).
    public mutating func writeNil() { bytes.append(0xC0) }

    /// Writes false (0xc2) or true (0xc3).
    public mutating func writeBool(_ value: Bool) { bytes.append(value ? 0xC3 : 0xC2) }

    /// Writes a signed integer in its smallest form.
    public mutating func writeInteger(_ value: Int64) {
        if value >= 0 {
            writeUnsignedInteger(UInt64(value))
        } else if value >= -32 {
            bytes.append(UInt8(truncatingIfNeeded: value))
        } else if value >= Int64(Int8.min) {
            bytes.append(0xD0)
            bytes.append(UInt8(truncatingIfNeeded: value))
        } else if value >= Int64(Int16.min) {
            bytes.append(0xD1)
            appendBigEndian(UInt16(truncatingIfNeeded: value))
        } else if value >= Int64(Int32.min) {
            bytes.append(0xD2)
            appendBigEndian(UInt32(truncatingIfNeeded: value))
        } else {
            bytes.append(0xD3)
            appendBigEndian(UInt64(bitPattern: value))
        }
    }

    /// Writes an `Int` in its smallest form.
    public mutating func writeInteger(_ value: Int) { writeInteger(Int64(value)) }

    /// Writes an unsigned integer in its smallest form.
    public mutating func writeUnsignedInteger(_ value: UInt64) {
        if value <= 0x7F {
            bytes.append(UInt8(value))
        } else if value <= UInt64(UInt8.max) {
            bytes.append(0xCC)
            bytes.append(UInt8(value))
        } else if value <= UInt64(UInt16.max) {
            bytes.append(0xCD)
            appendBigEndian(UInt16(value))
        } else if value <= UInt64(UInt32.max) {
            bytes.append(0xCE)
            appendBigEndian(UInt32(value))
        } else {
            bytes.append(0xCF)
            appendBigEndian(value)
        }
    }

    /// Writes a float 32.
    public mutating func writeFloat(_ value: Float) {
        bytes.append(0xCA)
        appendBigEndian(value.bitPattern)
    }

    /// Writes a float 64.
    public mutating func writeDouble(_ value: Double) {
        bytes.append(0xCB)
        appendBigEndian(value.bitPattern)
    }

    /// Writes a str (fixstr, str 8, str 16 or str 32 by length).
    public mutating func writeString(_ value: String) {
        var value = value
        value.withUTF8 { writeString(utf8: $0) }
    }

    /// Writes a str from bytes the caller guarantees are valid UTF-8.
    private mutating func writeString(utf8: UnsafeBufferPointer<UInt8>) {
        let count = utf8.count
        if count <= 31 {
            bytes.append(0xA0 | UInt8(count))
        } else if count <= Int(UInt8.max) {
            bytes.append(0xD9)
            bytes.append(UInt8(count))
        } else if count <= Int(UInt16.max) {
            bytes.append(0xDA)
            appendBigEndian(UInt16(count))
        } else {
            bytes.append(0xDB)
            appendBigEndian(Self.length32(count, of: "str"))
        }
        bytes.append(contentsOf: utf8)
    }

    /// Writes a bin (bin 8, bin 16 or bin 32 by length).
    public mutating func writeBinary<Bytes: Collection>(_ data: Bytes) where Bytes.Element == UInt8 {
        let count = data.count
        if count <= Int(UInt8.max) {
            bytes.append(0xC4)
            bytes.append(UInt8(count))
        } else if count <= Int(UInt16.max) {
            bytes.append(0xC5)
            appendBigEndian(UInt16(count))
        } else {
            bytes.append(0xC6)
            appendBigEndian(Self.length32(count, of: "bin"))
        }
        bytes.append(contentsOf: data)
    }

    // MARK: Containers

    /// Writes the header of an array of `count` elements; write the elements next.
    public mutating func writeArrayHeader(count: Int) {
        if count <= 15 {
            bytes.append(0x90 | UInt8(count))
        } else if count <= Int(UInt16.max) {
            bytes.append(0xDC)
            appendBigEndian(UInt16(count))
        } else {
            bytes.append(0xDD)
            appendBigEndian(Self.length32(count, of: "array"))
        }
    }

    /// Writes the header of a map of `count` entries; write key, value, key,
    /// value... next.
    public mutating func writeMapHeader(count: Int) {
        if count <= 15 {
            bytes.append(0x80 | UInt8(count))
        } else if count <= Int(UInt16.max) {
            bytes.append(0xDE)
            appendBigEndian(UInt16(count))
        } else {
            bytes.append(0xDF)
            appendBigEndian(Self.length32(count, of: "map"))
        }
    }

    // MARK: Extensions

    /// Writes an extension: fixext 1/2/4/8/16 when the data has one of those
    /// sizes, otherwise ext 8/16/32.
    public mutating func writeExtension<Bytes: Collection>(type: Int8, data: Bytes) where Bytes.Element == UInt8 {
        let count = data.count
        switch count {
        case 1: bytes.append(0xD4)
        case 2: bytes.append(0xD5)
        case 4: bytes.append(0xD6)
        case 8: bytes.append(0xD7)
        case 16: bytes.append(0xD8)
        case ...Int(UInt8.max):
            bytes.append(0xC7)
            bytes.append(UInt8(count))
        case ...Int(UInt16.max):
            bytes.append(0xC8)
            appendBigEndian(UInt16(count))
        default:
            bytes.append(0xC9)
            appendBigEndian(Self.length32(count, of: "ext"))
        }
        bytes.append(UInt8(bitPattern: type))
        bytes.append(contentsOf: data)
    }

    /// Writes a timestamp: timestamp 32 when it is whole seconds in
    /// 0...2^32-1, timestamp 64 when the seconds fit 34 unsigned bits,
    /// timestamp 96 otherwise.
    public mutating func writeTimestamp(_ timestamp: MessagePackTimestamp) {
        let type = UInt8(bitPattern: MessagePackTimestamp.extensionType)
        let seconds = timestamp.seconds
        if seconds >> 34 == 0 {
            if timestamp.nanoseconds == 0 && seconds >> 32 == 0 {
                bytes.append(0xD6)
                bytes.append(type)
                appendBigEndian(UInt32(seconds))
            } else {
                bytes.append(0xD7)
                bytes.append(type)
                appendBigEndian(UInt64(timestamp.nanoseconds) << 34 | UInt64(seconds))
            }
        } else {
            bytes.append(0xC7)
            bytes.append(12)
            bytes.append(type)
            appendBigEndian(timestamp.nanoseconds)
            appendBigEndian(UInt64(bitPattern: seconds))
        }
    }

    // MARK: Values

    /// Writes a whole value.
    public mutating func writeValue(_ value: MessagePackValue) {
        switch value {
        case .nil: writeNil()
        case .bool(let flag): writeBool(flag)
        case .integer(let number): writeInteger(number)
        case .unsignedInteger(let number): writeUnsignedInteger(number)
        case .float(let number): writeFloat(number)
        case .double(let number): writeDouble(number)
        case .string(let text): writeString(text)
        case .binary(let data): writeBinary(data)
        case .array(let elements):
            writeArrayHeader(count: elements.count)
            for element in elements { writeValue(element) }
        case .map(let entries):
            writeMapHeader(count: entries.count)
            for entry in entries {
                writeValue(entry.key)
                writeValue(entry.value)
            }
        case .extension(let type, let data): writeExtension(type: type, data: data)
        case .timestamp(let timestamp): writeTimestamp(timestamp)
        }
    }

    // MARK: Helpers

    @inline(__always)
    private mutating func appendBigEndian<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
        var shift = T.bitWidth - 8
        while shift >= 0 {
            bytes.append(UInt8(truncatingIfNeeded: value >> shift))
            shift -= 8
        }
    }

    /// The format cannot express more than 2^32-1 bytes or elements; asking
    /// for more is a programming error, not an input error.
    private static func length32(_ count: Int, of kind: StaticString) -> UInt32 {
        guard let length = UInt32(exactly: count) else {
            preconditionFailure("MessagePack \(kind) cannot hold \(count) items (at most 2^32-1)")
        }
        return length
    }
}
