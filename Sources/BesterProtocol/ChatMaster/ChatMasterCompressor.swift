/// Compresses the packages one side of a ChatMaster connection sends, once
/// compression is negotiated (see `Docs/chatmaster.md`).
///
/// One compressor lives as long as the connection: it is one compressed
/// stream. Each call compresses one package's line and flushes, so the peer
/// can decode that package without waiting for more. The zlib implementation
/// is `ZlibCompressor` in `BesterIO`; this module stays free of C.
public protocol ChatMasterCompressor {
    /// The compressed, flushed bytes for `bytes`.
    mutating func compress(_ bytes: [UInt8]) throws -> [UInt8]
}
