import Glibc

/// Writes a line straight to standard output. It shadows `Swift.print` in
/// this module so every result line appears the moment it is measured, even
/// when output goes to a pipe or file and the run is cut short.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    var line = items.map { "\($0)" }.joined(separator: separator) + terminator
    line.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(1, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}
