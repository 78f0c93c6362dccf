/// Why a stream of Bester frames could not be decoded.
public enum FrameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The length prefix announces more bytes than the configured maximum.
    /// Raised before anything is allocated for the body.
    case frameTooLarge(declared: UInt32, limit: Int, offset: Int)
    /// The stream ended inside a frame.
    case truncated(expected: Int, received: Int, offset: Int)

    /// Byte offset in the stream of the frame the error concerns.
    public var offset: Int {
        switch self {
        case .frameTooLarge(_, _, let offset), .truncated(_, _, let offset):
            return offset
        }
    }

    public var description: String {
        switch self {
        case let .frameTooLarge(declared, limit, offset):
            return "byte \(offset): frame length \(declared) exceeds the maximum of \(limit) bytes"
        case let .truncated(expected, received, offset):
            return "byte \(offset): stream ended inside a frame (\(received) of \(expected) bytes received)"
        }
    }
}
