/// What one side of a ChatMaster connection receives: a plain stream of
/// packages that may switch, once, to a compressed stream.
///
/// Bytes go in as they arrive; JSON objects come out. When the receiver sees
/// the package that starts compression (a server: the `compression`
/// command; a client: the `compression` notification), it calls
/// ``beginDecompression(with:)`` before taking the next package. Bytes
/// already buffered after that package are then decompressed too, so the
/// switch happens at the exact byte however the stream was chunked. An
/// optional line end (`\n` or `\r\n`) right after the switching package is
/// plain: a zlib stream never starts with those bytes.
///
/// Not `Sendable` when holding a decompressor that is not; it belongs to one
/// connection.
public struct ChatMasterInboundStream {
    private var decoder: ChatMasterPackageDecoder
    private var decompressor: (any ChatMasterDecompressor)?
    private var lineEnd = PendingLineEnd.none
    /// Compressed bytes received so far, for error offsets.
    private var compressedOffset = 0
    private var failure: ChatMasterStreamError?

    /// The state of the optional plain line end before the compressed stream.
    private enum PendingLineEnd {
        case none
        case lineEndOrData
        case afterCarriageReturn
    }

    /// Creates a plain stream.
    public init(maximumPackageSize: Int = ChatMasterPackageDecoder.defaultMaximumPackageSize) {
        decoder = ChatMasterPackageDecoder(maximumPackageSize: maximumPackageSize)
    }

    /// True once ``beginDecompression(with:)`` was called.
    public var isDecompressing: Bool { decompressor != nil }

    /// Stream offset (plain bytes) where the last object returned started.
    public var lastObjectOffset: Int { decoder.lastObjectOffset }

    /// Adds received bytes (compressed once decompression has begun).
    public mutating func append(_ bytes: UnsafeRawBufferPointer) throws(ChatMasterStreamError) {
        if let failure { throw failure }
        guard decompressor != nil else {
            decoder.append(bytes)
            return
        }
        try feedCompressed(Array(bytes)[...])
    }

    /// Adds received bytes (compressed once decompression has begun).
    public mutating func append(_ bytes: [UInt8]) throws(ChatMasterStreamError) {
        let appended: Result<Void, ChatMasterStreamError> = bytes.withUnsafeBytes { raw in
            do throws(ChatMasterStreamError) { return .success(try append(raw)) } catch { return .failure(error) }
        }
        try appended.get()
    }

    /// The next package's JSON object, or nil until more bytes arrive. Errors
    /// with ``ChatMasterStreamError/isRecoverable`` let decoding go on.
    public mutating func nextObject() throws(ChatMasterStreamError) -> JSONValue? {
        if let failure { throw failure }
        return try decoder.nextObject()
    }

    /// Switches to a compressed stream right after the last object returned.
    /// A second call is ignored: the stream is compressed already, and a
    /// connection compresses at most once (a server refuses the second
    /// `compression` command).
    public mutating func beginDecompression(with decompressor: any ChatMasterDecompressor) throws(ChatMasterStreamError) {
        if let failure { throw failure }
        guard self.decompressor == nil else { return }
        self.decompressor = decompressor
        lineEnd = .lineEndOrData
        try feedCompressed(decoder.takeUnreadBytes()[...])
    }

    /// Call when the stream has ended: throws if it stopped inside a package.
    public func finish() throws(ChatMasterStreamError) {
        if let failure { throw failure }
        try decoder.finish()
    }

    private mutating func feedCompressed(_ bytes: ArraySlice<UInt8>) throws(ChatMasterStreamError) {
        var bytes = bytes
        while lineEnd != .none, let first = bytes.first {
            switch (lineEnd, first) {
            case (.lineEndOrData, UInt8(ascii: "\r")): lineEnd = .afterCarriageReturn
            case (_, UInt8(ascii: "\n")): lineEnd = .none
            default:
                lineEnd = .none
                continue
            }
            bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty else { return }
        let offset = compressedOffset
        compressedOffset += bytes.count
        do {
            if let plain = try decompressor?.decompress(Array(bytes)) { decoder.append(plain) }
        } catch {
            let failure = ChatMasterStreamError(kind: .decompressionFailed, offset: offset,
                                                message: "cannot decompress: \(error)")
            self.failure = failure
            throw failure
        }
    }
}
