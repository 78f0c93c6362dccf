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
        guard length != 0 else { throw .emptyFrame(offset: consumedOffset) }
        guard Int(length) <= maximumFrameSize else {
            throw .frameTooLarge(declared: length, limit: maximumFrameSize, offset: consumedOffset)
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        consumedOffset += 4 + Int(length)
        // Non-nil: the length was checked against readableBytes just above.
        return buffer.readSlice(length: Int(length)) ?? []
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
