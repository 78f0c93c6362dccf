/// An optional richer frame from server to handler: the request's data with
/// who sent it and how. By default the server sends the data alone, as `001`
/// says; a handler that asks for envelopes gets this instead.
///
/// ```json
/// {"sender":"alice","id":"1","type":"chat","data":{"text":"hi"},"dialect":"v2.1"}
/// ```
public struct HandlerEnvelope: Sendable, Hashable {
    /// The username of the sender.
    public var sender: String
    /// The request's `payload.id`, if any.
    public var id: String?
    /// The request's `payload.type`.
    public var type: String
    /// The request's `payload.data`, as is.
    public var data: JSONValue
    /// The dialect the sender speaks.
    public var dialect: Dialect

    /// Creates an envelope.
    public init(sender: String, id: String?, type: String, data: JSONValue, dialect: Dialect) {
        self.sender = sender
        self.id = id
        self.type = type
        self.data = data
        self.dialect = dialect
    }

    /// The envelope for `request` from `sender` on a connection speaking `dialect`.
    public init(request: ClientRequest, sender: String, dialect: Dialect) {
        self.init(sender: sender, id: request.id, type: request.type, data: request.data, dialect: dialect)
    }

    /// The frame body.
    public var json: JSONValue {
        var object: JSONObject = ["sender": .string(sender)]
        if let id { object["id"] = .string(id) }
        object["type"] = .string(type)
        object["data"] = data
        object["dialect"] = .string(dialect.rawValue)
        return .object(object)
    }

    /// Reads an envelope: string `sender`, `type` and `dialect` (`v2`, `v2.1`
    /// or `v3`), any `data`, optional string `id`.
    public static func parse(_ json: JSONValue) throws(ValidationError) -> HandlerEnvelope {
        let object = try FieldReader.object(json, at: "")
        return HandlerEnvelope(sender: try FieldReader.string(object["sender"], at: "sender"),
                               id: try FieldReader.optionalString(object["id"], at: "id"),
                               type: try FieldReader.string(object["type"], at: "type"),
                               data: try FieldReader.value(object["data"], at: "data"),
                               dialect: try FieldReader.oneOf(object["dialect"], at: "dialect", as: Dialect.self))
    }
}
