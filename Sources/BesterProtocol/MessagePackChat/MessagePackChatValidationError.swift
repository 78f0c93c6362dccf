/// Why a MessagePack chat message is not valid: the position in the message
/// array, the field there, and the rule broken, as in
/// `whisper[3] recipient: must be a string`.
public struct MessagePackChatValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule that was broken.
    public enum Kind: Sendable, Equatable {
        /// The message is not an array.
        case notAnArray
        /// A required element is absent.
        case missing
        /// An element has the wrong kind (str expected, got integer, ...).
        case wrongType
        /// The action (or the update's action, or the message kind) is not one this protocol knows.
        case unknownAction
        /// More elements than the message takes.
        case unexpectedElement
    }

    /// The rule that was broken.
    public let kind: Kind
    /// The message and index, e.g. `whisper[3]`; the bare message name when
    /// the whole message is at fault.
    public let position: String
    /// The name of the element at ``position``, e.g. `recipient`.
    public let field: String?
    /// The rule in words, e.g. `must be a string`.
    public let rule: String

    /// Creates an error.
    public init(kind: Kind, position: String, field: String?, rule: String) {
        self.kind = kind
        self.position = position
        self.field = field
        self.rule = rule
    }

    public var description: String {
        if let field { return "\(position) \(field): \(rule)" }
        return "\(position): \(rule)"
    }
}
