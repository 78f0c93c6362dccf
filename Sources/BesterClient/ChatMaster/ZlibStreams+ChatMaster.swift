import BesterIO
import BesterProtocol

// The zlib streams of BesterIO serve as ChatMaster's compressor and
// decompressor, for this client and for the server (which imports it):
// BesterProtocol stays free of C, so the conformance lives where both
// modules meet.
extension ZlibCompressor: ChatMasterCompressor {}
extension ZlibDecompressor: ChatMasterDecompressor {}
