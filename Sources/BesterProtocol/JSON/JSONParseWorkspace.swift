/// Scratch space for ``JSONParser``: the stacks a parse builds containers
/// on. Keep one per thread and pass it to
/// ``JSONParser/parse(_:reusing:)`` to parse many documents without setting
/// the space up each time. Not thread-safe.
public struct JSONParseWorkspace: ~Copyable {
    /// An array or object whose closing bracket has not been reached.
    struct OpenContainer {
        let isObject: Bool
        /// Where its contents start on ``elements`` or ``members``.
        let first: Int
    }

    /// Where a key's raw text lies in the input, to detect repeated keys by
    /// comparing bytes rather than strings.
    struct KeySpan {
        let start: Int
        let length: Int
        /// The raw text had escapes, so equal strings may have unequal bytes.
        let escaped: Bool
    }

    /// An object key whose value is being parsed.
    struct PendingKey {
        let key: String
        let span: KeySpan
    }

    var openContainers = ScratchStack<OpenContainer>(capacity: 16)
    var elements = ScratchStack<JSONValue>(capacity: 32)
    var members = ScratchStack<JSONObject.Member>(capacity: 32)
    /// Keys whose values are being parsed, one per open object.
    var pendingKeys = ScratchStack<PendingKey>(capacity: 16)
    /// The raw text of each of ``members``' keys, index for index: a key's
    /// span joins it when its member does, so that the spans of an object's
    /// members are never interleaved with those of keys still pending.
    var keySpans = ScratchStack<KeySpan>(capacity: 32)

    /// Creates empty scratch space.
    public init() {}

    /// Empties every stack (after a parse, whether it succeeded or failed).
    mutating func clear() {
        openContainers.drop(from: 0)
        elements.drop(from: 0)
        members.drop(from: 0)
        pendingKeys.drop(from: 0)
        keySpans.drop(from: 0)
    }
}
