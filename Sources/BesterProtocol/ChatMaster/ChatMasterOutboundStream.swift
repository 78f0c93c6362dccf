/// What one side of a ChatMaster connection sends: package lines, plain
/// until ``beginCompression(with:)``, compressed after.
///
/// The sender writes the package that switches compression on (a client:
/// the `compression` command, waiting for the answer before sending more; a
/// server: the `compression` notification) in plain, then calls
/// ``beginCompression(with:)``; every later line goes through the compressor.
public struct ChatMasterOutboundStream {
    private var compressor: (any ChatMasterCompressor)?
    /// Plain bytes passed so far, for error offsets.
    private var plainOffset = 0

    /// Creates a plain stream.
    public init() {}

    /// True once ``beginCompression(with:)`` was called.
    public var isCompressing: Bool { compressor != nil }

    /// Compresses every later line with `compressor`. A second call is
    /// ignored: the stream is compressed already.
    public mutating func beginCompression(with compressor: any ChatMasterCompressor) {
        guard self.compressor == nil else { return }
        self.compressor = compressor
    }

    /// The bytes to write for one line from ``ChatMasterPackage/encodedLine()``.
    public mutating func bytes(forLine line: [UInt8]) throws(ChatMasterStreamError) -> [UInt8] {
        let offset = plainOffset
        plainOffset += line.count
        do {
            return try compressor?.compress(line) ?? line
        } catch {
            throw ChatMasterStreamError(kind: .compressionFailed, offset: offset, message: "cannot compress: \(error)")
        }
    }

    /// The bytes to write for `package`.
    public mutating func bytes(for package: ChatMasterPackage) throws(ChatMasterStreamError) -> [UInt8] {
        try bytes(forLine: package.encodedLine())
    }
}
