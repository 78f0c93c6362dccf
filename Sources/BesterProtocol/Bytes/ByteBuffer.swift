/// A growable byte buffer with a read position, the currency of every codec
/// in this module.
///
/// Writers append at the end; readers consume from ``readerIndex``. Consumed
/// bytes are reclaimed lazily by ``discardReadBytes()`` so that a decoder fed
/// many small chunks does not move memory on every read.
public struct ByteBuffer: Sendable, Hashable {
    /// All bytes held, including those already read.
    public internal(set) var storage: [UInt8]
    /// Index in ``storage`` of the first unread byte.
    public private(set) var readerIndex: Int

    /// Creates an empty buffer.
    public init() {
        storage = []
        readerIndex = 0
    }

    /// Creates a buffer whose readable bytes are `bytes`.
    public init<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        storage = Array(bytes)
        readerIndex = 0
    }

    /// Creates an empty buffer able to hold `capacity` bytes without growing.
    public init(capacity: Int) {
        storage = []
        storage.reserveCapacity(capacity)
        readerIndex = 0
    }

    /// Number of bytes not yet read.
    public var readableBytes: Int { storage.count - readerIndex }

    /// True when every byte has been read.
    public var isEmpty: Bool { readerIndex == storage.count }

    /// The unread bytes, without copying.
    public var readableView: ArraySlice<UInt8> { storage[readerIndex...] }

    // MARK: Writing

    /// Appends bytes.

    public mutating func writeBytes<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        storage.append(contentsOf: bytes)
    }

    /// Appends the bytes of raw memory.

    public mutating func writeBytes(_ bytes: UnsafeRawBufferPointer) {
        storage.append(contentsOf: bytes)
    }

    /// Appends one byte.

    public mutating func writeByte(_ byte: UInt8) {
        storage.append(byte)
    }

    /// Appends an integer in little-endian byte order.

    public mutating func writeInteger<T: FixedWidthInteger>(littleEndian value: T) {
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { storage.append(contentsOf: $0) }
    }

    /// Appends an integer in big-endian (network) byte order.

    public mutating func writeInteger<T: FixedWidthInteger>(bigEndian value: T) {
        var v = value.bigEndian
        withUnsafeBytes(of: &v) { storage.append(contentsOf: $0) }
    }

    /// Overwrites bytes at an absolute index in ``storage`` with a little-endian
    /// integer (used to patch a length prefix after the body was written).

    public mutating func setInteger<T: FixedWidthInteger>(littleEndian value: T, at index: Int) {
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { raw in
            for offset in 0..<raw.count { storage[index + offset] = raw[offset] }
        }
    }

    /// Total bytes stored (read and unread); the next write lands at this index.
    public var writerIndex: Int { storage.count }

    /// Reserves room for `count` more bytes.
    public mutating func reserveCapacity(forAdditional count: Int) {
        storage.reserveCapacity(storage.count + count)
    }

    // MARK: Reading

    /// Reads an integer stored little-endian at `offset` bytes past the reader
    /// index, without consuming it; nil when not enough bytes are buffered.

    public func peekInteger<T: FixedWidthInteger>(littleEndianAt offset: Int = 0, as: T.Type = T.self) -> T? {
        peekInteger(at: offset, bigEndian: false)
    }

    /// Reads an integer stored big-endian at `offset` bytes past the reader
    /// index, without consuming it; nil when not enough bytes are buffered.

    public func peekInteger<T: FixedWidthInteger>(bigEndianAt offset: Int = 0, as: T.Type = T.self) -> T? {
        peekInteger(at: offset, bigEndian: true)
    }

    func peekInteger<T: FixedWidthInteger>(at offset: Int, bigEndian: Bool) -> T? {
        let size = MemoryLayout<T>.size
        let start = readerIndex + offset
        guard offset >= 0, start + size <= storage.count else { return nil }
        var value: T = 0
        for i in 0..<size {
            let byte = T(truncatingIfNeeded: storage[start + i])
            value |= bigEndian ? byte << ((size - 1 - i) * 8) : byte << (i * 8)
        }
        return value
    }

    /// The byte at `offset` past the reader index, if buffered.

    public func peekByte(at offset: Int = 0) -> UInt8? {
        let index = readerIndex + offset
        return offset >= 0 && index < storage.count ? storage[index] : nil
    }

    /// Consumes and returns the next `length` bytes, or nil if fewer are buffered.

    public mutating func readSlice(length: Int) -> ArraySlice<UInt8>? {
        guard length >= 0, length <= readableBytes else { return nil }
        let slice = storage[readerIndex..<(readerIndex + length)]
        readerIndex += length
        return slice
    }

    /// Consumes and returns the next `length` bytes as an array.

    public mutating func readBytes(length: Int) -> [UInt8]? {
        readSlice(length: length).map(Array.init)
    }

    /// Marks `count` bytes as read.

    public mutating func moveReaderIndex(forwardBy count: Int) {
        precondition(count >= 0 && count <= readableBytes, "moved past the readable bytes")
        readerIndex += count
    }

    /// Calls `body` with the unread bytes as raw memory.

    public func withUnsafeReadableBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let start = readerIndex
        let result: Result<R, E> = storage.withUnsafeBytes { all in
            let view = UnsafeRawBufferPointer(rebasing: all[start...])
            do throws(E) { return .success(try body(view)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    // MARK: Housekeeping

    /// Drops read bytes from memory. Cheap when called often: it only moves the
    /// unread tail once at least half of the storage has been consumed, and
    /// frees everything once all is read so idle buffers hold no memory.
    public mutating func discardReadBytes() {
        if readerIndex == storage.count {
            if storage.capacity > 0 { storage = [] }
            readerIndex = 0
        } else if readerIndex > 0 && readerIndex >= storage.count / 2 {
            storage.removeSubrange(0..<readerIndex)
            readerIndex = 0
        }
    }

    /// Forgets every byte.
    public mutating func clear() {
        storage = []
        readerIndex = 0
    }
}
