import BesterProtocol

/// What a message handler receives: a request's data and who sent it.
public struct HandlerMessage: Sendable {
    /// The message type (the handler's name).
    public var type: String
    /// The request's `payload.data`.
    public var data: JSONValue
    /// The user whose request this is.
    public var sender: String
    /// The request's `payload.id`, if it had one.
    public var id: String?
    /// The dialect the sender speaks.
    public var dialect: Dialect
    /// 0 for a client's request, one more for each `sendHandler` hop.
    public var hop: Int
    /// The session the request came from, for built-in handlers that serve
    /// it beyond one answer (`chat`).
    var origin: (any DeliveryTarget)?

    /// Creates a message.
    public init(type: String, data: JSONValue, sender: String, id: String? = nil, dialect: Dialect = .v2_1, hop: Int = 0) {
        self.type = type
        self.data = data
        self.sender = sender
        self.id = id
        self.dialect = dialect
        self.hop = hop
    }
}

/// A message handler that runs inside the server and answers at once.
///
/// `handle` is called on an event-loop thread, so it must be quick and never
/// block (no file or network I/O, no sleeping); use ``AsyncMessageHandler``
/// for work that waits. The reply's command says where the result goes:
///
/// ```swift
/// struct Shout: MessageHandler {
///     func handle(_ message: HandlerMessage) throws -> HandlerReply {
///         let text = message.data.stringValue?.uppercased() ?? ""
///         return HandlerReply(command: .reply, data: .string(text))
///     }
/// }
/// server.register(Shout(), forType: "shout")
/// ```
///
/// A thrown error becomes a `handlerFailed` response to the sender.
public protocol MessageHandler: Sendable {
    /// Handles one message.
    func handle(_ message: HandlerMessage) throws -> HandlerReply
}

/// A message handler whose work waits (storage, network, other services).
/// It runs as a Swift task; the server applies `limits.handlerTimeoutSeconds`.
public protocol AsyncMessageHandler: Sendable {
    /// Handles one message.
    func handle(_ message: HandlerMessage) async throws -> HandlerReply
}
