import CZlib

/// One zlib (RFC 1950) decompression stream, fed the compressed bytes in
/// whatever pieces arrive; each call returns the plain bytes they complete.
///
/// Output is bounded: a call that would return more than
/// ``maximumOutputSize`` bytes throws instead, so a small hostile input (a
/// "zip bomb") cannot grow memory without limit. Size reads so that honest
/// traffic stays well below the maximum. After any error the stream is
/// unusable and every later call throws the same error.
///
/// Use one decompressor per connection and direction. Not thread-safe: it
/// belongs to one connection.
public final class ZlibDecompressor {
    /// Default ``maximumOutputSize``: 1 MiB.
    public static let defaultMaximumOutputSize = 1024 * 1024

    /// The most plain bytes one call may return.
    public let maximumOutputSize: Int
    private let stream: UnsafeMutablePointer<z_stream>
    private var scratch = [UInt8](repeating: 0, count: 16 * 1024)
    private var ended = false
    private var failure: ZlibError?

    /// Starts a stream.
    public init(maximumOutputSize: Int = ZlibDecompressor.defaultMaximumOutputSize) throws(ZlibError) {
        self.maximumOutputSize = maximumOutputSize
        // Set up in a local first: throwing once every property is set would run deinit.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = inflateInit_(stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw ZlibError(kind: .initializationFailed, message: "inflateInit failed (zlib status \(status))")
        }
        self.stream = stream
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// True once the compressed stream has ended (its sender finished it).
    public var isFinished: Bool { ended }

    /// The plain bytes that `bytes`, the next piece of the stream, complete.
    public func decompress(_ bytes: [UInt8]) throws(ZlibError) -> [UInt8] {
        if let failure { throw failure }
        guard !bytes.isEmpty else { return [] }
        guard !ended else {
            let error = ZlibError(kind: .dataAfterEnd, message: "\(bytes.count) bytes after the end of the compressed stream")
            failure = error
            throw error
        }
        var output: [UInt8] = []
        let stream = stream
        let limit = maximumOutputSize
        let outcome: Result<Bool, ZlibError> = bytes.withUnsafeBufferPointer { input in
            scratch.withUnsafeMutableBufferPointer { scratch in
                defer {
                    stream.pointee.next_in = nil
                    stream.pointee.next_out = nil
                }
                var remaining = UnsafeBufferPointer(rebasing: input[...])
                while !remaining.isEmpty {
                    // avail_in is 32 bits; feed larger inputs in slices.
                    let slice = UnsafeBufferPointer(rebasing: remaining.prefix(1 << 30))
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: slice.baseAddress)
                    stream.pointee.avail_in = UInt32(slice.count)
                    var status: Int32
                    repeat {
                        stream.pointee.next_out = scratch.baseAddress
                        stream.pointee.avail_out = UInt32(scratch.count)
                        status = inflate(stream, Z_NO_FLUSH)
                        let produced = scratch.count - Int(stream.pointee.avail_out)
                        guard output.count + produced <= limit else {
                            return .failure(ZlibError(kind: .outputLimitExceeded,
                                                      message: "decompressed data exceeds the maximum of \(limit) bytes"))
                        }
                        output.append(contentsOf: scratch[0..<produced])
                        // Z_OK: progress made, maybe more to come; Z_BUF_ERROR: no
                        // progress possible until more input arrives.
                    } while status == Z_OK && (stream.pointee.avail_out == 0 || stream.pointee.avail_in > 0)
                    let consumed = slice.count - Int(stream.pointee.avail_in)
                    remaining = UnsafeBufferPointer(rebasing: remaining.dropFirst(consumed))
                    switch status {
                    case Z_OK, Z_BUF_ERROR:
                        // Input left over that zlib would not take: never loop on it.
                        guard consumed > 0 || remaining.isEmpty else {
                            return .failure(ZlibError(kind: .failed, message: "inflate made no progress"))
                        }
                    case Z_STREAM_END:
                        guard remaining.isEmpty else {
                            return .failure(ZlibError(kind: .dataAfterEnd,
                                                      message: "\(remaining.count) bytes after the end of the compressed stream"))
                        }
                        return .success(true)
                    case Z_DATA_ERROR, Z_NEED_DICT:
                        return .failure(ZlibError(kind: .invalidData, message: Zlib.message(stream, status: status, "inflate")))
                    default:
                        return .failure(ZlibError(kind: .failed, message: Zlib.message(stream, status: status, "inflate")))
                    }
                }
                return .success(false)
            }
        }
        switch outcome {
        case .success(let ended):
            self.ended = ended
            return output
        case .failure(let error):
            failure = error
            throw error
        }
    }
}
