/// The server's answer to one request (`003`): `["response", status, data...]`.
///
/// Every request gets exactly one. On success the data depends on the
/// request (login: username and token; all others: none); on failure the
/// data is one str, the error message.
public enum MessagePackChatResponse: Sendable, Hashable {
    /// `["response", true, data...]`
    case success([MessagePackValue])
    /// `["response", false, message]`
    case failure(String)

    /// `["response", true]`, the answer to every successful request but login.
    public static let ok = MessagePackChatResponse.success([])

    /// `["response", true, username, token]`, the answer to a successful login.
    public static func loggedIn(username: String, token: String) -> MessagePackChatResponse {
        .success([.string(username), .string(token)])
    }

    /// Validates a decoded value as a response.
    public init(_ value: MessagePackValue) throws(MessagePackChatValidationError) {
        let message = try MessagePackChatElements(value, name: "response", shape: "[\"response\", status, data...]")
        let kind = try message.string(at: 0, "kind")
        guard kind == "response" else {
            throw MessagePackChatValidationError(kind: .unknownAction, position: message.position(0), field: "kind",
                                                 rule: "must be \"response\"")
        }
        self = try Self(elements: message)
    }

    /// Reads the status and data of a message already known to be a response.
    init(elements message: MessagePackChatElements) throws(MessagePackChatValidationError) {
        if try message.bool(at: 1, "status") {
            self = .success(Array(message.elements.dropFirst(2)))
        } else {
            try message.requireAtMost(3, takes: "a failure carries one message")
            self = .failure(try message.string(at: 2, "message"))
        }
    }

    /// The username and token of a successful login response.
    public func loginResult() throws(MessagePackChatValidationError) -> (username: String, token: String) {
        switch self {
        case .failure:
            throw MessagePackChatValidationError(kind: .wrongType, position: "response[1]", field: "status",
                                                 rule: "must be true for a login result")
        case .success(let data):
            let message = try MessagePackChatElements(.array([.string("response"), .bool(true)] + data), name: "response", shape: "")
            try message.requireAtMost(4, takes: "a login response carries username and token")
            return (try message.string(at: 2, "username"), try message.string(at: 3, "token"))
        }
    }

    /// True for a success.
    public var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }

    /// The response as MessagePack bytes.
    public func encoded() -> [UInt8] {
        var writer = MessagePackWriter(capacity: 64)
        switch self {
        case .success(let data):
            writer.writeArrayHeader(count: 2 + data.count)
            writer.writeString("response")
            writer.writeBool(true)
            for value in data { writer.writeValue(value) }
        case .failure(let message):
            writer.writeArrayHeader(count: 3)
            writer.writeString("response")
            writer.writeBool(false)
            writer.writeString(message)
        }
        return writer.bytes
    }

    /// The response as a value.
    public var messagePackValue: MessagePackValue {
        switch self {
        case .success(let data): return .array(["response", true] + data)
        case .failure(let message): return .array(["response", false, .string(message)])
        }
    }
}
