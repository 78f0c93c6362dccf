/// Splits a byte stream into Bester frames: `[u32 little-endian length][body]`.
///
/// Feed it whatever the transport delivered, one byte or many frames at a
/// time, then take frames until it returns nil:
///
/// ```swift
/// decoder.append(chunk)
/// while let body = try decoder.nextFrame() { handle(body) }
/// ```
///
/// The decoder never touches a socket. An oversized length prefix is rejected
/// as soon as its four bytes arrive, before any memory is reserved for it.
public struct FrameDecoder: Sendable {
    /// Default largest accepted frame body: 4 MiB.
    public static let defaultMaximumFrameSize = 4 * 1024 * 1024

    /// Largest accepted body length in bytes.
    public let maximumFrameSize: Int
    private var buffer = ByteBuffer()
    /// Stream offset of `buffer.readerIndex`, for error messages.
    private var consumedOffset = 0

    /// Creates a decoder refusing bodies longer than `maximumFrameSize` bytes.
    public init(maximumFrameSize: Int = FrameDecoder.defaultMaximumFrameSize) {
        self.maximumFrameSize = maximumFrameSize
    }

    /// Bytes received but not yet returned as frames.
    public var bufferedByteCount: Int { buffer.readableBytes }

    /// Bytes of memory reserved for buffering: what an idle or refused
    /// connection costs (for monitoring, and tests of the no-allocation rule).
    public var bufferCapacity: Int { buffer.storage.capacity }

    /// Stream offset of the next byte to decode.
    public var streamOffset: Int { consumedOffset }

    /// Adds received bytes.
    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        buffer.discardReadBytes()
        buffer.writeBytes(bytes)
    }

    /// Adds received bytes from raw memory.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.discardReadBytes()
        buffer.writeBytes(bytes)
    }

    /// Returns the next complete frame body, or nil until more bytes arrive.
    ///
    /// The returned slice shares storage with the decoder; it stays valid
    /// (copy on write) but is cheapest when used before the next `append`.
    public mutating func nextFrame() throws(FrameError) -> ArraySlice<UInt8>? {
        guard let length = buffer.peekInteger(littleEndianAt: 0, as: UInt32.self) else {
            releaseIfDrained()
            return nil
        }
        let bodyLength = try checked(length)
        guard buffer.readableBytes >= 4 + bodyLength else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        consumedOffset += 4 + bodyLength
        // Non-nil: the length was checked against readableBytes just above.
        return buffer.readSlice(length: bodyLength) ?? []
    }

    /// Passes the whole frames buffered to `body`, for as long as
    /// `shouldContinue()` says so (frames a reader held back earlier).
    /// Frame bodies are valid only during the call.
    public mutating func drain(while shouldContinue: () -> Bool, _ body: (UnsafeRawBufferPointer) -> Void) throws(FrameError) {
        while shouldContinue(), let frame = try nextFrame() {
            frame.withUnsafeBytes { body($0) }
        }
    }

    /// Decodes `bytes` without copying what need not be copied: each frame
    /// lying wholly inside `bytes` goes to `body` in place, for as long as
    /// `shouldContinue()` says so; whatever is left (a partial frame, or
    /// frames not taken) is buffered for ``nextFrame()``. Frame bodies
    /// passed to `body` are valid only during the call.
    ///
    /// This is the fast path of a server reading whole requests: no buffer
    /// is allocated and nothing is copied before parsing.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer, while shouldContinue: () -> Bool,
                                _ body: (UnsafeRawBufferPointer) -> Void) throws(FrameError) {
        guard buffer.isEmpty else {
            // Part of a frame is already buffered: continue from the buffer.
            append(bytes)
            try drain(while: shouldContinue, body)
            return
        }
        var offset = 0
        while shouldContinue(), bytes.count - offset >= 4 {
            let bodyLength = try checked(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            guard bytes.count - offset >= 4 + bodyLength else { break }
            consumedOffset += 4 + bodyLength
            body(UnsafeRawBufferPointer(rebasing: bytes[(offset + 4)..<(offset + 4 + bodyLength)]))
            offset += 4 + bodyLength
        }
        if offset < bytes.count { append(UnsafeRawBufferPointer(rebasing: bytes[offset...])) }
    }

    /// A frame's body length, if the rules allow it. Zero is allowed: an
    /// empty body is not JSON, which the body's parser says, and the stream
    /// goes on (the framing is intact).
    private func checked(_ length: UInt32) throws(FrameError) -> Int {
        guard Int(length) <= maximumFrameSize else {
            throw .frameTooLarge(declared: length, limit: maximumFrameSize, offset: consumedOffset)
        }
        return Int(length)
    }

    /// Call when the stream has ended: throws if it stopped inside a frame.
    public func finish() throws(FrameError) {
        guard buffer.readableBytes > 0 else { return }
        let expected = buffer.peekInteger(littleEndianAt: 0, as: UInt32.self).map { 4 + Int($0) } ?? 4
        throw .truncated(expected: expected, received: buffer.readableBytes, offset: consumedOffset)
    }

    /// An idle connection should hold no buffer memory.
    private mutating func releaseIfDrained() {
        if buffer.isEmpty { buffer.discardReadBytes() }
    }
}
