/// Data a handler routed to a user (`sendClients`), sent to each of the
/// user's live sessions (`header.messageType` `receivedMessage`).
///
/// v2 / v2.1:
/// ```json
/// {"header":{"status":"good","messageType":"receivedMessage","from":"alice"},"payload":{"type":"chat","data":{"text":"hi bob"}}}
/// ```
/// v3:
/// ```json
/// {"header":{"status":"good","messageType":"receivedMessage","type":"chat","from":"alice"},"data":{"text":"hi bob"}}
/// ```
public struct Delivery: Sendable, Hashable {
    /// The type the data is delivered as (a handler's `payload.type`, or the request's type).
    public var type: String
    /// The user whose request caused the delivery.
    public var from: String
    /// The data, as the handler produced it.
    public var data: JSONValue

    /// Creates a delivery.
    public init(type: String, from: String, data: JSONValue) {
        self.type = type
        self.from = from
        self.data = data
    }

    var envelope: ServerEnvelope {
        ServerEnvelope(status: .good, messageType: .receivedMessage, type: type, id: nil, from: from, error: nil, data: data)
    }

    /// Reads a delivery: its `header.from` MUST be a string.
    init(_ envelope: ServerEnvelope) throws(ValidationError) {
        guard let from = envelope.from else { throw ValidationError(path: "header.from", rule: .required) }
        self.init(type: envelope.type, from: from, data: envelope.data)
    }

    /// The message body in `dialect`'s shape.
    public func json(in dialect: Dialect) -> JSONValue { envelope.json(in: dialect) }
}
