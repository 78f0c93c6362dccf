/// Decompresses what the peer of a ChatMaster connection sends, once
/// compression is negotiated (see `Docs/chatmaster.md`).
///
/// One decompressor lives as long as the connection: it is fed the
/// compressed stream in whatever pieces arrive and returns the plain bytes
/// they complete. It must bound its output, so that a small hostile input
/// cannot inflate into unbounded memory. The zlib implementation is
/// `ZlibDecompressor` in `BesterIO`.
public protocol ChatMasterDecompressor {
    /// The plain bytes that `bytes` (the next piece of the compressed stream) yield.
    mutating func decompress(_ bytes: [UInt8]) throws -> [UInt8]
}
