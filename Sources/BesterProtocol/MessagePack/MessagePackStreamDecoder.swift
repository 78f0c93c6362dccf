/// Splits a byte stream of back-to-back MessagePack values (a TCP connection
/// of the MessagePack chat protocol) into whole values.
///
/// Feed it whatever the transport delivered, then take values until it
/// returns nil:
///
/// ```swift
/// decoder.append(chunk)
/// while let value = try decoder.next() { handle(value) }
/// ```
///
/// It never consumes a byte past the value it returns. A value is refused as
/// soon as a header proves it would exceed ``MessagePackLimits/maximumValueSize``
/// or ``MessagePackLimits/maximumDepth``, before its body is awaited or any
/// memory is reserved for it. After an error whose
/// ``MessagePackDecodeError/isRecoverable`` is true (bad UTF-8 in a str, a
/// malformed timestamp) the offending value has been skipped and decoding can
/// go on; any other error is final and is thrown again by every later call.
public struct MessagePackStreamDecoder: Sendable {
    /// The limits enforced.
    public let limits: MessagePackLimits
    private var buffer = ByteBuffer()
    /// Stream offset of `buffer.readerIndex`.
    private var consumedOffset = 0
    private var scanner: MessagePackExtentScanner
    private var failure: MessagePackDecodeError?

    /// Creates a decoder.
    public init(limits: MessagePackLimits = MessagePackLimits()) {
        self.limits = limits
        scanner = MessagePackExtentScanner(limits: limits)
    }

    /// Bytes received but not yet returned as values.
    public var bufferedByteCount: Int { buffer.readableBytes }

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

    /// The next complete value, or nil until more bytes arrive.
    public mutating func next() throws(MessagePackDecodeError) -> MessagePackValue? {
        if let failure { throw failure }
        let start = consumedOffset
        let scanned: Result<Int?, MessagePackDecodeError> = buffer.withUnsafeReadableBytes { raw in
            do throws(MessagePackDecodeError) { return .success(try scanner.scan(raw.bindMemory(to: UInt8.self), streamOffset: start)) }
            catch { return .failure(error) }
        }
        let length: Int
        switch scanned {
        case .success(.some(let complete)): length = complete
        case .success(.none):
            if buffer.isEmpty { buffer.discardReadBytes() }
            return nil
        case .failure(let error):
            failure = error
            throw error
        }
        let maximumDepth = limits.maximumDepth
        let decoded: Result<MessagePackValue, MessagePackDecodeError> = buffer.withUnsafeReadableBytes { raw in
            let value = UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[0..<length])
            var reader = MessagePackReader(bytes: value, maximumDepth: maximumDepth, streamOffset: start)
            do throws(MessagePackDecodeError) { return .success(try reader.readValue(depth: 0)) } catch { return .failure(error) }
        }
        // Consumed whether or not its content was valid: its extent is known.
        buffer.moveReaderIndex(forwardBy: length)
        consumedOffset += length
        return try decoded.get()
    }

    /// Call when the stream has ended: throws if it stopped inside a value.
    public func finish() throws(MessagePackDecodeError) {
        if let failure { throw failure }
        guard buffer.readableBytes > 0 else { return }
        throw MessagePackDecodeError(
            kind: .truncated, offset: consumedOffset,
            message: "stream ended inside a value (\(buffer.readableBytes) bytes of it received)")
    }
}
