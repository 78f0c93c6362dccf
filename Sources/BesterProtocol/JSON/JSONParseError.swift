/// Why a text is not valid JSON, and where.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule that was broken.
    public enum Kind: Sendable, Equatable {
        case unexpectedEndOfInput
        case unexpectedByte
        case byteOrderMark
        case leadingZero
        case numberOutOfRange
        case unescapedControlCharacter
        case invalidEscape
        case loneSurrogate
        case invalidUTF8
        case tooDeep
        case trailingContent
    }

    /// The rule that was broken.
    public let kind: Kind
    /// Byte offset in the input where the problem was found.
    public let offset: Int
    /// What would have been valid at ``offset``, in words.
    public let expected: String
    /// What was found at ``offset``, in words.
    public let found: String

    /// Creates an error.
    public init(kind: Kind, offset: Int, expected: String, found: String) {
        self.kind = kind
        self.offset = offset
        self.expected = expected
        self.found = found
    }

    public var description: String {
        "byte \(offset): expected \(expected), found \(found)"
    }
}
