/// The two layouts of a handler's reply that the server accepts.
public enum HandlerReplyShape: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `001`'s: `header{status, command: "NAME", commandData}` + `payload{type, data}`.
    case specification
    /// The reference daemon's handlers': `header{status, command: {type, data}}` + top-level `data`.
    case reference

    public var description: String { rawValue }

    /// The shape a reply is written in: an object `header.command` means the
    /// reference daemon's, anything else is read as the specification's.
    public static func detect(_ json: JSONValue) -> HandlerReplyShape {
        if case .object? = json["header"]?["command"] { return .reference }
        return .specification
    }
}

extension HandlerReplyShape {
    /// How a plain answer (``HandlerReply/isPlainAnswer``) is laid out in
    /// this shape: the opening bytes, the data, the closing bytes.
    /// ``HandlerReply/writeFrame(shape:into:)`` writes it so, and
    /// ``HandlerReply/parse(frame:reusing:parser:)`` recognises it without
    /// reading the members one by one.
    var plainAnswerLayout: (opening: StaticString, closing: StaticString) {
        switch self {
        case .specification: ("{\"header\":{\"status\":\"0\",\"command\":\"reply\"},\"payload\":{\"data\":", "}}")
        case .reference: ("{\"header\":{\"status\":\"0\",\"command\":{\"type\":\"reply\"}},\"data\":", "}")
        }
    }
}
