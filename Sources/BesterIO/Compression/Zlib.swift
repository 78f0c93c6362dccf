import CZlib

/// Helpers shared by ``ZlibCompressor`` and ``ZlibDecompressor``.
enum Zlib {
    /// zlib's own message for a failed call, or the status code.
    static func message(_ stream: UnsafeMutablePointer<z_stream>, status: Int32, _ function: String) -> String {
        if let message = stream.pointee.msg { return "\(function): \(String(cString: message))" }
        return "\(function) failed (zlib status \(status))"
    }
}
