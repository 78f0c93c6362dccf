/// Why zlib could not compress or decompress.
public struct ZlibError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The stream could not be set up (out of memory, library mismatch).
        case initializationFailed
        /// The compressed input is not a valid zlib stream.
        case invalidData
        /// Decompressing one input would produce more than the configured maximum.
        case outputLimitExceeded
        /// Input arrived after the compressed stream had ended.
        case dataAfterEnd
        /// zlib reported another failure.
        case failed
    }

    /// What went wrong.
    public let kind: Kind
    /// Details, from zlib when it said something.
    public let message: String

    /// Creates an error.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
