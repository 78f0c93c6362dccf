import CZlib

/// One zlib (RFC 1950) compression stream, fed one message at a time; each
/// message is flushed (`Z_SYNC_FLUSH`), so the receiver can decompress it
/// fully from the bytes returned for it, without waiting for the next one.
///
/// Use one compressor per connection and direction, for the connection's
/// life. Not thread-safe: it belongs to one connection.
public final class ZlibCompressor {
    /// zlib's default trade-off between speed and size.
    public static let defaultLevel = 6

    /// zlib keeps a pointer back to its `z_stream`, so the stream lives at a
    /// fixed heap address.
    private let stream: UnsafeMutablePointer<z_stream>
    private var scratch = [UInt8](repeating: 0, count: 16 * 1024)

    /// Starts a stream at compression `level` (0 = none ... 9 = smallest).
    public init(level: Int = ZlibCompressor.defaultLevel) throws(ZlibError) {
        // Set up in a local first: throwing once every property is set would run deinit.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = deflateInit_(stream, Int32(clamping: level), zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw ZlibError(kind: .initializationFailed, message: "deflateInit failed (zlib status \(status))")
        }
        self.stream = stream
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// The compressed bytes for `bytes`, flushed.
    public func compress(_ bytes: [UInt8]) throws(ZlibError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count / 2 + 16)
        let stream = stream
        let result: Result<Void, ZlibError> = bytes.withUnsafeBufferPointer { input in
            scratch.withUnsafeMutableBufferPointer { scratch in
                var remaining = UnsafeBufferPointer(rebasing: input[...])
                repeat {
                    // avail_in is 32 bits; feed larger inputs in slices.
                    let slice = UnsafeBufferPointer(rebasing: remaining.prefix(1 << 30))
                    remaining = UnsafeBufferPointer(rebasing: remaining.dropFirst(slice.count))
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: slice.baseAddress)
                    stream.pointee.avail_in = UInt32(slice.count)
                    let flush = remaining.isEmpty ? Z_SYNC_FLUSH : Z_NO_FLUSH
                    repeat {
                        stream.pointee.next_out = scratch.baseAddress
                        stream.pointee.avail_out = UInt32(scratch.count)
                        let status = deflate(stream, flush)
                        // Z_BUF_ERROR only says there was nothing left to do.
                        guard status == Z_OK || status == Z_BUF_ERROR else {
                            return .failure(ZlibError(kind: .failed, message: Zlib.message(stream, status: status, "deflate")))
                        }
                        output.append(contentsOf: scratch[0..<(scratch.count - Int(stream.pointee.avail_out))])
                    } while stream.pointee.avail_out == 0
                } while !remaining.isEmpty
                stream.pointee.next_in = nil
                stream.pointee.next_out = nil
                return .success(())
            }
        }
        try result.get()
        return output
    }
}
