/// The decoding state shared by ``MessagePackDecoder`` and
/// ``MessagePackStreamDecoder``: a cursor over bytes in memory.
///
/// Every declared length or element count is checked against the bytes that
/// remain before anything is reserved for it (an element takes at least one
/// byte), so a hostile header costs nothing.
struct MessagePackReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let maximumDepth: Int
    /// Offset of `bytes[0]` in the whole stream, so errors name stream offsets.
    let streamOffset: Int
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int, streamOffset: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        self.streamOffset = streamOffset
    }

    /// Reads one value; `depth` is the number of arrays and maps around it.
    mutating func readValue(depth: Int) throws(MessagePackDecodeError) -> MessagePackValue {
        guard position < bytes.count else {
            throw error(.truncated, at: position, "input ended where a value was expected")
        }
        let start = position
        let lead = bytes[position]
        position += 1
        switch lead {
        case 0x00...0x7F: return .integer(Int64(lead))
        case 0x80...0x8F: return try readMap(count: Int(lead & 0x0F), depth: depth, start: start)
        case 0x90...0x9F: return try readArray(count: Int(lead & 0x0F), depth: depth, start: start)
        case 0xA0...0xBF: return .string(try readString(length: Int(lead & 0x1F), of: "fixstr", start: start))
        case 0xC0: return .nil
        case 0xC1: throw error(.reservedByte, at: start, "byte 0xc1 is never used in MessagePack")
        case 0xC2: return .bool(false)
        case 0xC3: return .bool(true)
        case 0xC4: return .binary(try readPayload(length: Int(try read(UInt8.self, start)), of: "bin 8", start: start))
        case 0xC5: return .binary(try readPayload(length: Int(try read(UInt16.self, start)), of: "bin 16", start: start))
        case 0xC6: return .binary(try readPayload(length: Int(try read(UInt32.self, start)), of: "bin 32", start: start))
        case 0xC7: return try readExtension(length: Int(try read(UInt8.self, start)), of: "ext 8", start: start)
        case 0xC8: return try readExtension(length: Int(try read(UInt16.self, start)), of: "ext 16", start: start)
        case 0xC9: return try readExtension(length: Int(try read(UInt32.self, start)), of: "ext 32", start: start)
        case 0xCA: return .float(Float(bitPattern: try read(UInt32.self, start)))
        case 0xCB: return .double(Double(bitPattern: try read(UInt64.self, start)))
        case 0xCC: return .integer(Int64(try read(UInt8.self, start)))
        case 0xCD: return .integer(Int64(try read(UInt16.self, start)))
        case 0xCE: return .integer(Int64(try read(UInt32.self, start)))
        case 0xCF: return MessagePackValue(try read(UInt64.self, start))
        case 0xD0: return .integer(Int64(Int8(bitPattern: try read(UInt8.self, start))))
        case 0xD1: return .integer(Int64(Int16(bitPattern: try read(UInt16.self, start))))
        case 0xD2: return .integer(Int64(Int32(bitPattern: try read(UInt32.self, start))))
        case 0xD3: return .integer(Int64(bitPattern: try read(UInt64.self, start)))
        case 0xD4: return try readExtension(length: 1, of: "fixext 1", start: start)
        case 0xD5: return try readExtension(length: 2, of: "fixext 2", start: start)
        case 0xD6: return try readExtension(length: 4, of: "fixext 4", start: start)
        case 0xD7: return try readExtension(length: 8, of: "fixext 8", start: start)
        case 0xD8: return try readExtension(length: 16, of: "fixext 16", start: start)
        case 0xD9: return .string(try readString(length: Int(try read(UInt8.self, start)), of: "str 8", start: start))
        case 0xDA: return .string(try readString(length: Int(try read(UInt16.self, start)), of: "str 16", start: start))
        case 0xDB: return .string(try readString(length: Int(try read(UInt32.self, start)), of: "str 32", start: start))
        case 0xDC: return try readArray(count: Int(try read(UInt16.self, start)), depth: depth, start: start)
        case 0xDD: return try readArray(count: Int(try read(UInt32.self, start)), depth: depth, start: start)
        case 0xDE: return try readMap(count: Int(try read(UInt16.self, start)), depth: depth, start: start)
        case 0xDF: return try readMap(count: Int(try read(UInt32.self, start)), depth: depth, start: start)
        default: return .integer(Int64(Int8(bitPattern: lead)))
        }
    }

    // MARK: Containers

    private mutating func readArray(count: Int, depth: Int, start: Int) throws(MessagePackDecodeError) -> MessagePackValue {
        try checkDepth(depth + 1, start: start)
        try checkRemaining(atLeast: count, "array declares \(count) elements", start: start)
        var elements: [MessagePackValue] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try readValue(depth: depth + 1)) }
        return .array(elements)
    }

    private mutating func readMap(count: Int, depth: Int, start: Int) throws(MessagePackDecodeError) -> MessagePackValue {
        try checkDepth(depth + 1, start: start)
        try checkRemaining(atLeast: 2 * count, "map declares \(count) entries", start: start)
        var entries: [MessagePackMapEntry] = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let key = try readValue(depth: depth + 1)
            let value = try readValue(depth: depth + 1)
            entries.append(MessagePackMapEntry(key: key, value: value))
        }
        return .map(entries)
    }

    private func checkDepth(_ depth: Int, start: Int) throws(MessagePackDecodeError) {
        guard depth <= maximumDepth else {
            throw error(.tooDeep, at: start, "arrays and maps nested deeper than \(maximumDepth) levels")
        }
    }

    /// Each element takes at least one byte, so a count above the bytes left
    /// is refused before the element array is reserved.
    private func checkRemaining(atLeast count: Int, _ what: @autoclosure () -> String, start: Int) throws(MessagePackDecodeError) {
        let remaining = bytes.count - position
        guard count <= remaining else {
            throw error(.truncated, at: start, "\(what()) but only \(remaining) bytes remain")
        }
    }

    // MARK: Payloads

    private mutating func readString(length: Int, of kind: String, start: Int) throws(MessagePackDecodeError) -> String {
        let payload = try payloadRange(length: length, of: kind, start: start)
        let content = UnsafeBufferPointer(rebasing: bytes[payload])
        if !Self.isASCII(content), let invalid = UTF8Validation.firstInvalidByte(in: content) {
            throw error(.invalidUTF8, at: payload.lowerBound + invalid, "str is not valid UTF-8 (str header at byte \(streamOffset + start))")
        }
        return String(decoding: content, as: UTF8.self)
    }

    /// True when no byte has its high bit set: chat text mostly is ASCII,
    /// and checking eight bytes at a time is much cheaper than validating.
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        var highBits: UInt64 = 0
        while index + 8 <= bytes.count {
            highBits |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            highBits |= UInt64(bytes[index])
            index += 1
        }
        return highBits & 0x8080_8080_8080_8080 == 0
    }

    private mutating func readPayload(length: Int, of kind: String, start: Int) throws(MessagePackDecodeError) -> [UInt8] {
        Array(bytes[try payloadRange(length: length, of: kind, start: start)])
    }

    private mutating func readExtension(length: Int, of kind: String, start: Int) throws(MessagePackDecodeError) -> MessagePackValue {
        let type = Int8(bitPattern: try read(UInt8.self, start))
        let payload = try payloadRange(length: length, of: kind, start: start)
        guard type == MessagePackTimestamp.extensionType else {
            return .extension(type: type, data: Array(bytes[payload]))
        }
        return .timestamp(try timestamp(in: payload, start: start))
    }

    private func timestamp(in payload: Range<Int>, start: Int) throws(MessagePackDecodeError) -> MessagePackTimestamp {
        let seconds: Int64
        let nanoseconds: UInt32
        switch payload.count {
        case 4:
            seconds = Int64(bigEndian(UInt32.self, at: payload.lowerBound))
            nanoseconds = 0
        case 8:
            let packed = bigEndian(UInt64.self, at: payload.lowerBound)
            nanoseconds = UInt32(truncatingIfNeeded: packed >> 34)
            seconds = Int64(packed & 0x3_FFFF_FFFF)
        case 12:
            nanoseconds = bigEndian(UInt32.self, at: payload.lowerBound)
            seconds = Int64(bitPattern: bigEndian(UInt64.self, at: payload.lowerBound + 4))
        default:
            throw error(.invalidTimestamp, at: start, "timestamp extension has \(payload.count) bytes; it must have 4, 8 or 12")
        }
        guard let timestamp = MessagePackTimestamp(seconds: seconds, nanoseconds: nanoseconds) else {
            throw error(.invalidTimestamp, at: start, "timestamp has \(nanoseconds) nanoseconds; at most 999999999 allowed")
        }
        return timestamp
    }

    /// The range of the next `length` bytes, consumed; an error when fewer remain.
    private mutating func payloadRange(length: Int, of kind: String, start: Int) throws(MessagePackDecodeError) -> Range<Int> {
        let remaining = bytes.count - position
        guard length <= remaining else {
            throw error(.truncated, at: start, "\(kind) declares \(length) bytes but only \(remaining) remain")
        }
        defer { position += length }
        return position..<(position + length)
    }

    // MARK: Integers

    private mutating func read<T: FixedWidthInteger & UnsignedInteger>(_: T.Type, _ start: Int) throws(MessagePackDecodeError) -> T {
        let size = MemoryLayout<T>.size
        guard bytes.count - position >= size else {
            throw error(.truncated, at: start, "input ended inside the header of the value")
        }
        defer { position += size }
        return bigEndian(T.self, at: position)
    }

    private func bigEndian<T: FixedWidthInteger & UnsignedInteger>(_: T.Type, at index: Int) -> T {
        var value: T = 0
        for offset in 0..<MemoryLayout<T>.size {
            value = value << 8 | T(bytes[index + offset])
        }
        return value
    }

    private func error(_ kind: MessagePackDecodeError.Kind, at index: Int, _ message: String) -> MessagePackDecodeError {
        MessagePackDecodeError(kind: kind, offset: streamOffset + index, message: message)
    }
}
