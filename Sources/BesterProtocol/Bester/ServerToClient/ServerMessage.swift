/// Anything a server sends a client: built by the server, read by clients.
///
/// ```swift
/// let bytes = ServerMessage.response(.success(type: "echo", id: "1", data: "hi")).frame(in: .v3)
/// let message = try ServerMessage.parse(try JSONParser.parse(body), dialect: .v3)
/// ```
public enum ServerMessage: Sendable, Hashable {
    /// The response to one of the client's requests.
    case response(Response)
    /// Data routed to this client.
    case delivery(Delivery)
    /// The server speaking on its own.
    case notice(Notice)

    /// The message body in `dialect`'s shape (v2 and v2.1 share one).
    public func json(in dialect: Dialect) -> JSONValue {
        switch self {
        case .response(let response): return response.json(in: dialect)
        case .delivery(let delivery): return delivery.json(in: dialect)
        case .notice(let notice): return notice.json(in: dialect)
        }
    }

    /// Appends the message as one frame, written directly (no JSON tree is
    /// built around the data).
    public func encodeFrame(in dialect: Dialect, into buffer: inout ByteBuffer) {
        var output = JSONOutput(capacity: 256)
        envelope.writeFrame(in: dialect, into: &output)
        output.withBytes { buffer.storage.append(contentsOf: $0) }
    }

    /// The message as one frame.
    public func frame(in dialect: Dialect) -> [UInt8] {
        var output = JSONOutput(capacity: 256)
        envelope.writeFrame(in: dialect, into: &output)
        return output.withBytes { Array($0) }
    }

    var envelope: ServerEnvelope {
        switch self {
        case .response(let response): return response.envelope
        case .delivery(let delivery): return delivery.envelope
        case .notice(let notice): return notice.envelope
        }
    }

    /// Reads a message a server sent on a connection speaking `dialect`
    /// (v2 and v2.1 read alike), telling the kinds apart by `header.messageType`.
    public static func parse(_ json: JSONValue, dialect: Dialect) throws(ValidationError) -> ServerMessage {
        let envelope = try ServerEnvelope.parse(json, dialect: dialect)
        switch envelope.messageType {
        case .statusReport: return .response(Response(envelope))
        case .receivedMessage: return .delivery(try Delivery(envelope))
        case .notice: return .notice(try Notice(envelope, dialect: dialect))
        }
    }
}
