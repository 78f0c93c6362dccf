/// Why a ChatMaster byte stream could not be split into packages, and where.
public struct ChatMasterStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule that was broken.
    public enum Kind: Sendable, Equatable {
        /// Something other than whitespace or `{` where a package should start.
        case expectedObject
        /// The line ended before the object closed.
        case unterminatedObject
        /// The object grew past the maximum package size.
        case packageTooLarge
        /// The object is not valid JSON.
        case invalidJSON
        /// The stream ended inside an object.
        case truncated
        /// The compressed stream could not be decompressed.
        case decompressionFailed
        /// A package could not be compressed.
        case compressionFailed
    }

    /// The rule that was broken.
    public let kind: Kind
    /// Byte offset in the plain (decompressed) stream where the problem was
    /// found; for ``Kind/decompressionFailed``, the offset in the compressed
    /// bytes received.
    public let offset: Int
    /// The problem in words.
    public let message: String

    /// Creates an error.
    public init(kind: Kind, offset: Int, message: String) {
        self.kind = kind
        self.offset = offset
        self.message = message
    }

    /// True when the decoder has skipped the bad bytes (through the end of the
    /// line, or the whole bad object) and can go on with the next package.
    public var isRecoverable: Bool {
        switch kind {
        case .expectedObject, .unterminatedObject, .packageTooLarge, .invalidJSON: return true
        case .truncated, .decompressionFailed, .compressionFailed: return false
        }
    }

    public var description: String { "byte \(offset): \(message)" }
}
