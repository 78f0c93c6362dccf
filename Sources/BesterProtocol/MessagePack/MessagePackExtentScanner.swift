/// Finds where the MessagePack value at the head of a growing buffer ends,
/// without building it, and resumably: each call continues where the last
/// one stopped, so a large value arriving in many small chunks costs linear
/// time.
///
/// Every header tells how many payload bytes and how many further values
/// follow it; the scanner keeps, per open array or map, how many values are
/// still to come. Only headers are read: payloads are skipped, UTF-8 and
/// timestamps are left to the ``MessagePackReader`` that decodes the value
/// once it is complete.
struct MessagePackExtentScanner: Sendable {
    let limits: MessagePackLimits
    /// Bytes of the value known to be complete so far.
    private var scannedLength = 0
    /// Values still expected at each level: the top level, then one entry per open container.
    private var pendingPerLevel = [1]
    /// The sum of `pendingPerLevel`: every pending value takes at least one byte.
    private var pendingValues = 1

    init(limits: MessagePackLimits) {
        self.limits = limits
    }

    /// The byte length of the value that starts at `bytes[0]`, or nil while
    /// it is incomplete. `streamOffset` is the stream offset of `bytes[0]`.
    ///
    /// Throws when the stream cannot be a valid value within the limits; the
    /// stream cannot be resynchronised after that.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, streamOffset: Int) throws(MessagePackDecodeError) -> Int? {
        while true {
            let itemStart = scannedLength
            guard let layout = try Self.layout(in: bytes, at: itemStart, streamOffset: streamOffset) else { return nil }
            let itemLength = layout.headerLength + layout.payloadLength
            // This item, plus at least one byte for every other value still due.
            let smallestTotal = itemStart + itemLength + (pendingValues - 1) + layout.childCount
            guard smallestTotal <= limits.maximumValueSize else {
                throw MessagePackDecodeError(
                    kind: .lengthExceedsLimit, offset: streamOffset + itemStart,
                    message: "value would take at least \(smallestTotal) bytes; the limit is \(limits.maximumValueSize)")
            }
            guard itemStart + itemLength <= bytes.count else { return nil }

            scannedLength += itemLength
            pendingPerLevel[pendingPerLevel.count - 1] -= 1
            pendingValues -= 1
            if layout.isContainer {
                // The new container's depth: the containers still open around it, plus itself.
                guard pendingPerLevel.count <= limits.maximumDepth else {
                    throw MessagePackDecodeError(
                        kind: .tooDeep, offset: streamOffset + itemStart,
                        message: "arrays and maps nested deeper than \(limits.maximumDepth) levels")
                }
                if layout.childCount > 0 {
                    pendingPerLevel.append(layout.childCount)
                    pendingValues += layout.childCount
                }
            }
            while let last = pendingPerLevel.last, last == 0 { pendingPerLevel.removeLast() }
            if pendingPerLevel.isEmpty {
                let length = scannedLength
                // Ready for the next value, keeping the level stack's memory.
                scannedLength = 0
                pendingPerLevel.append(1)
                pendingValues = 1
                return length
            }
        }
    }

    /// The shape of one item: its header, the raw bytes after it, and the
    /// number of values nested in it.
    struct Layout {
        var headerLength: Int
        var payloadLength = 0
        var childCount = 0
        var isContainer = false
    }

    /// The layout of the item at `bytes[index]`, or nil when its header is
    /// not complete yet.
    static func layout(in bytes: UnsafeBufferPointer<UInt8>, at index: Int, streamOffset: Int) throws(MessagePackDecodeError) -> Layout? {
        guard index < bytes.count else { return nil }
        let lead = bytes[index]
        /// The big-endian length field of `size` bytes after the lead byte (and
        /// after `skipping` more), or nil when not all there.
        func field(_ size: Int, skipping: Int = 0) -> Int? {
            let start = index + 1 + skipping
            guard start + size <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<size { value = value << 8 | Int(bytes[start + offset]) }
            return value
        }
        switch lead {
        case 0x00...0x7F, 0xC0, 0xC2, 0xC3, 0xE0...0xFF:
            return Layout(headerLength: 1)
        case 0x80...0x8F:
            return Layout(headerLength: 1, childCount: 2 * Int(lead & 0x0F), isContainer: true)
        case 0x90...0x9F:
            return Layout(headerLength: 1, childCount: Int(lead & 0x0F), isContainer: true)
        case 0xA0...0xBF:
            return Layout(headerLength: 1, payloadLength: Int(lead & 0x1F))
        case 0xC1:
            throw MessagePackDecodeError(kind: .reservedByte, offset: streamOffset + index,
                                         message: "byte 0xc1 is never used in MessagePack")
        case 0xC4, 0xD9: return field(1).map { Layout(headerLength: 2, payloadLength: $0) }
        case 0xC5, 0xDA: return field(2).map { Layout(headerLength: 3, payloadLength: $0) }
        case 0xC6, 0xDB: return field(4).map { Layout(headerLength: 5, payloadLength: $0) }
        case 0xC7: return field(1).map { Layout(headerLength: 3, payloadLength: $0) }
        case 0xC8: return field(2).map { Layout(headerLength: 4, payloadLength: $0) }
        case 0xC9: return field(4).map { Layout(headerLength: 6, payloadLength: $0) }
        case 0xCA, 0xCE, 0xD2: return Layout(headerLength: 1, payloadLength: 4)
        case 0xCB, 0xCF, 0xD3: return Layout(headerLength: 1, payloadLength: 8)
        case 0xCC, 0xD0: return Layout(headerLength: 1, payloadLength: 1)
        case 0xCD, 0xD1: return Layout(headerLength: 1, payloadLength: 2)
        case 0xD4...0xD8: return Layout(headerLength: 2, payloadLength: 1 << Int(lead - 0xD4))
        case 0xDC: return field(2).map { Layout(headerLength: 3, childCount: $0, isContainer: true) }
        case 0xDD: return field(4).map { Layout(headerLength: 5, childCount: $0, isContainer: true) }
        case 0xDE: return field(2).map { Layout(headerLength: 3, childCount: 2 * $0, isContainer: true) }
        default: return field(4).map { Layout(headerLength: 5, childCount: 2 * $0, isContainer: true) }  // 0xDF, map 32
        }
    }
}
