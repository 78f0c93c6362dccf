import BesterProtocol

// The zlib streams serve as ChatMaster's compressor and decompressor, for
// the client and the server alike: BesterProtocol stays free of C, so the
// conformance lives here, where the C library is.
extension ZlibCompressor: ChatMasterCompressor {}
extension ZlibDecompressor: ChatMasterDecompressor {}
