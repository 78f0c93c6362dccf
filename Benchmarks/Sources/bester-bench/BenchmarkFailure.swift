/// Why a benchmark run stopped.
enum BenchmarkFailure: Error, CustomStringConvertible {
    /// A decoder returned no frame for a complete frame.
    case noFrame
    /// Bad command-line options.
    case usage(String)

    var description: String {
        switch self {
        case .noFrame: return "the frame decoder returned no frame for a complete frame"
        case .usage(let message): return message
        }
    }
}
