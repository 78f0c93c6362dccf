/// One request from a client: the `payload` of a frame, with what the
/// frame's header said about the sender.
///
/// ```swift
/// let request = ClientRequest(type: "echo", data: ["text": "hi"], id: "1")
/// let bytes = FrameEncoder.frame(request.json(in: .v2_1))
/// ```
public struct ClientRequest: Sendable, Hashable {
    /// `payload.type`: the message handler (or `builtin`) that should process it.
    public var type: String
    /// `payload.data`: anything; handed to the handler as is.
    public var data: JSONValue
    /// `payload.id`: the client's correlation id, echoed in the response.
    public var id: String?
    /// `header.authentication`, read on a connection's first frame only
    /// (later frames may repeat or omit it, and it is then ignored).
    public var credentials: Credentials?
    /// `header.scope` (v2.1 only).
    public var scope: ConnectionRole?

    /// Creates a request.
    public init(type: String, data: JSONValue, id: String? = nil, credentials: Credentials? = nil, scope: ConnectionRole? = nil) {
        self.type = type
        self.data = data
        self.id = id
        self.credentials = credentials
        self.scope = scope
    }

    /// True when the request is for the server itself (``BuiltinCommand``).
    public var isBuiltin: Bool { type == BuiltinCommand.payloadType }

    /// The built-in command this request carries; nil when it is not for `builtin`.
    public func builtinCommand() throws(ValidationError) -> BuiltinCommand? {
        isBuiltin ? try BuiltinCommand.parse(data: data) : nil
    }

    /// Reads `payload`: it MUST be an object with a string `type` and a `data`
    /// member of any kind; `id`, when present, MUST be a string.
    static func parse(payload value: JSONValue?, credentials: Credentials?, scope: ConnectionRole?) throws(ValidationError) -> ClientRequest {
        let payload = try FieldReader.object(value, at: "payload")
        let type = try FieldReader.string(payload["type"], at: "payload.type")
        let data = try FieldReader.value(payload["data"], at: "payload.data")
        let id = try FieldReader.optionalString(payload["id"], at: "payload.id")
        return ClientRequest(type: type, data: data, id: id, credentials: credentials, scope: scope)
    }

    /// The `payload` object.
    var payloadJSON: JSONValue {
        var payload: JSONObject = ["type": .string(type), "data": data]
        if let id { payload["id"] = .string(id) }
        return .object(payload)
    }

    /// The whole frame body in `dialect`. v2 and v2.1 always have a `header`
    /// (with `authentication` when ``credentials`` is set; v2.1 adds `scope`,
    /// `client` unless ``scope`` says otherwise). In v3 credentials travel in
    /// the identify stanza (``IdentifyStanza``), so the body is only `payload`.
    public func json(in dialect: Dialect) -> JSONValue {
        switch dialect {
        case .v2, .v2_1:
            var header = JSONObject()
            if let credentials { header["authentication"] = credentials.json }
            if dialect == .v2_1 { header["scope"] = .string((scope ?? .client).rawValue) }
            return ["header": .object(header), "payload": payloadJSON]
        case .v3:
            return ["payload": payloadJSON]
        }
    }
}
