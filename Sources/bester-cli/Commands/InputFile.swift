import Glibc

/// Reads a whole file or standard input without Foundation.
enum InputFile {
    struct ReadError: Error, CustomStringConvertible {
        let description: String
    }

    /// The bytes of the file at `path`, or of standard input when nil.
    static func readAll(path: String?) throws(ReadError) -> [UInt8] {
        let descriptor: Int32
        if let path {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw ReadError(description: "cannot open '\(path)': \(String(cString: strerror(errno)))")
            }
        } else {
            descriptor = 0
        }
        defer { if descriptor != 0 { close(descriptor) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(description: "cannot read \(path.map { "'\($0)'" } ?? "standard input"): \(String(cString: strerror(errno)))")
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}
