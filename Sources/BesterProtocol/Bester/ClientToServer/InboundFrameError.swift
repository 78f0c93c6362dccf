/// A client frame that broke a rule, with the dialect its error response
/// must be written in.
public struct InboundFrameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rule broken and where.
    public let validation: ValidationError
    /// The connection's dialect; for a first frame, the dialect it was
    /// detected as (v2 when it matched none).
    public let replyDialect: Dialect

    /// Creates an error.
    public init(validation: ValidationError, replyDialect: Dialect) {
        self.validation = validation
        self.replyDialect = replyDialect
    }

    /// The error as the server reports it in a response.
    public var report: ErrorReport { ErrorReport(validation) }

    public var description: String { validation.description }
}
