import Glibc

/// Writes to standard output a line at a time, unbuffered, so that a pipe
/// (`bester-cli listen | jq`) sees each line as it happens.
enum StandardOutput {
    static func line(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(1, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if written > 0 {
                offset += written
            } else if written == 0 || errno != EINTR {
                return
            }
        }
    }
}
