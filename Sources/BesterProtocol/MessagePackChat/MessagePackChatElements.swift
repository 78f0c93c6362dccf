/// Reads the elements of one MessagePack chat message, naming each problem
/// by the message, the index and the field.
struct MessagePackChatElements {
    let elements: [MessagePackValue]
    /// Names the message in errors: `whisper`, `response`, `update`.
    var name: String

    /// The elements of `value`, which must be an array.
    init(_ value: MessagePackValue, name: String, shape: String) throws(MessagePackChatValidationError) {
        guard case .array(let elements) = value else {
            throw MessagePackChatValidationError(
                kind: .notAnArray, position: name, field: nil,
                rule: "must be an array \(shape), got \(value.kindName)")
        }
        self.elements = elements
        self.name = name
    }

    var count: Int { elements.count }

    /// The str at `index`; `expected` completes "missing; …" (built only on error).
    func string(at index: Int, _ field: String, expected: @autoclosure () -> String? = nil)
        throws(MessagePackChatValidationError) -> String
    {
        let value = try element(at: index, field, expected: expected())
        guard case .string(let text) = value else {
            throw MessagePackChatValidationError(kind: .wrongType, position: position(index), field: field, rule: "must be a string")
        }
        return text
    }

    /// The bool at `index`.
    func bool(at index: Int, _ field: String) throws(MessagePackChatValidationError) -> Bool {
        guard case .bool(let flag) = try element(at: index, field) else {
            throw MessagePackChatValidationError(kind: .wrongType, position: position(index), field: field, rule: "must be a boolean")
        }
        return flag
    }

    /// Throws when there are more than `count` elements.
    func requireAtMost(_ count: Int, takes description: @autoclosure () -> String) throws(MessagePackChatValidationError) {
        guard elements.count > count else { return }
        throw MessagePackChatValidationError(
            kind: .unexpectedElement, position: position(count), field: nil,
            rule: "unexpected element; \(description())")
    }

    func position(_ index: Int) -> String { "\(name)[\(index)]" }

    private func element(at index: Int, _ field: String, expected: @autoclosure () -> String? = nil)
        throws(MessagePackChatValidationError) -> MessagePackValue
    {
        guard index < elements.count else {
            throw MessagePackChatValidationError(
                kind: .missing, position: position(index), field: field,
                rule: expected().map { "missing; \($0)" } ?? "missing")
        }
        return elements[index]
    }
}
