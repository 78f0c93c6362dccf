/// The server speaking on its own (`header.messageType` `notice`, type
/// `server`): shutdown, idle timeout, ...
///
/// ```json
/// {"header":{"status":"good","messageType":"notice"},"payload":{"type":"server","data":{"event":"shutdown","message":"server is shutting down"}}}
/// ```
public struct Notice: Sendable, Hashable {
    /// The `type` every notice carries.
    public static let type = "server"

    /// What happened.
    public var event: NoticeEvent
    /// A sentence for people.
    public var message: String

    /// Creates a notice.
    public init(event: NoticeEvent, message: String) {
        self.event = event
        self.message = message
    }

    var envelope: ServerEnvelope {
        ServerEnvelope(status: .good, messageType: .notice, type: Self.type, id: nil, from: nil, error: nil,
                       data: ["event": .string(event.rawValue), "message": .string(message)])
    }

    /// Reads a notice: its data MUST be an object with string `event` and `message`.
    init(_ envelope: ServerEnvelope, dialect: Dialect) throws(ValidationError) {
        let path = ServerEnvelope.dataPath(in: dialect)
        let data = try FieldReader.object(envelope.data, at: path)
        self.init(event: NoticeEvent(rawValue: try FieldReader.string(data["event"], at: path + ".event")),
                  message: try FieldReader.string(data["message"], at: path + ".message"))
    }

    /// The message body in `dialect`'s shape.
    public func json(in dialect: Dialect) -> JSONValue { envelope.json(in: dialect) }
}
