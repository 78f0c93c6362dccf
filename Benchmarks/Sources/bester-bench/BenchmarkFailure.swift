/// Why a benchmark run stopped.
enum BenchmarkFailure: Error, CustomStringConvertible {
    /// A decoder returned no frame for a complete frame.
    case noFrame
    /// Bad command-line options.
    case usage(String)
    /// Something the benchmark depends on went wrong (a child process, a connection).
    case failed(String)

    var description: String {
        switch self {
        case .noFrame: return "the frame decoder returned no frame for a complete frame"
        case .usage(let message), .failed(let message): return message
        }
    }
}
