import Glibc

/// Unbuffered writes to a file descriptor (standard output, standard error,
/// a terminal), for output that must appear the moment it is made.
public enum FileDescriptorOutput {
    /// Writes all of `text` to `descriptor`, resuming after short writes
    /// and signals; stops at the first error (a closed pipe, say).
    public static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written == 0 || errno != EINTR {
                    return
                }
            }
        }
    }
}
