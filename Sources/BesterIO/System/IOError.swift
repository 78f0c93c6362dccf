import Glibc

/// A failed system call: which operation, and `errno`.
public struct IOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was attempted, e.g. `bind 127.0.0.1:2223`.
    public let operation: String
    /// The `errno` value the call left.
    public let code: Int32

    /// Explanation when it is not `strerror(code)` (e.g. a resolver error).
    public let message: String?

    /// Captures the current `errno` for `operation`.
    public init(_ operation: String, code: Int32 = errno) {
        self.operation = operation
        self.code = code
        self.message = nil
    }

    /// A failure whose explanation is not an `errno`.
    public init(_ operation: String, message: String) {
        self.operation = operation
        self.code = 0
        self.message = message
    }

    /// Why it failed, in the system's words: ``message``, else `strerror(code)`.
    public var reason: String { message ?? String(cString: strerror(code)) }

    public var description: String { "\(operation): \(reason)" }
}
