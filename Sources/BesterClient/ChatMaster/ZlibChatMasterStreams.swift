import BesterIO
import BesterProtocol

// The ChatMaster streams take any compressor; these hand them BesterIO's
// zlib. Wrappers rather than conformances of the zlib types, so that
// another module (the server) can conform them without a clash.

/// zlib compression for a ``ChatMasterOutboundStream``.
struct ZlibChatMasterCompressor: ChatMasterCompressor {
    let zlib: ZlibCompressor

    func compress(_ bytes: [UInt8]) throws -> [UInt8] { try zlib.compress(bytes) }
}

/// zlib decompression for a ``ChatMasterInboundStream``.
struct ZlibChatMasterDecompressor: ChatMasterDecompressor {
    let zlib: ZlibDecompressor

    func decompress(_ bytes: [UInt8]) throws -> [UInt8] { try zlib.decompress(bytes) }
}
