/// A growable byte buffer the serializer writes through a raw pointer,
/// avoiding the uniqueness and capacity checks `Array.append` makes per byte.
/// Callers ``reserve(_:)`` room, then write unchecked.
struct JSONOutput: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written.
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 16)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// Makes room for `additional` more bytes.
    @inline(__always)
    mutating func reserve(_ additional: Int) {
        if count + additional > capacity { grow(toAtLeast: count + additional) }
    }

    /// Appends one byte; room must have been reserved.
    @inline(__always)
    mutating func appendReserved(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        appendReserved(byte)
    }

    /// Appends bytes.
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Appends the bytes of a static ASCII string.
    @inline(__always)
    mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends one frame: its 4-byte little-endian length, then the body
    /// `writeBody` appends.
    mutating func appendFrame(_ writeBody: (inout JSONOutput) -> Void) {
        let start = count
        reserve(4)
        advance(by: 4)
        writeBody(&self)
        setUInt32(littleEndian: UInt32(truncatingIfNeeded: count - start - 4), at: start)
    }

    /// Overwrites 4 bytes at `offset` with `value` in little-endian order.
    mutating func setUInt32(littleEndian value: UInt32, at offset: Int) {
        for byteIndex in 0..<4 { base[offset + byteIndex] = UInt8(truncatingIfNeeded: value >> (8 * byteIndex)) }
    }

    /// Calls `body` with the bytes written.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Forgets what was written, keeping the memory unless it grew past
    /// `keepingAtMost` bytes (one huge message should not pin its buffer).
    mutating func reset(keepingAtMost limit: Int) {
        count = 0
        if capacity > limit {
            base.deallocate()
            capacity = limit
            base = UnsafeMutablePointer<UInt8>.allocate(capacity: limit)
        }
    }

    /// Pointer to the next byte to write, for writers that fill reserved room
    /// themselves and then call ``advance(by:)``.
    @inline(__always)
    var writePointer: UnsafeMutablePointer<UInt8> { base + count }

    /// Counts `written` bytes written through ``writePointer``.
    @inline(__always)
    mutating func advance(by written: Int) { count += written }

    private mutating func grow(toAtLeast needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.moveInitialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }
}
