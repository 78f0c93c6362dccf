/// The one response a request gets (`header.messageType` `statusReport`).
///
/// v2 / v2.1:
/// ```json
/// {"header":{"status":"good","messageType":"statusReport"},"payload":{"type":"echo","id":"1","data":{"text":"hi"}}}
/// ```
/// v3:
/// ```json
/// {"header":{"status":"good","messageType":"statusReport","type":"echo","id":"1"},"data":{"text":"hi"}}
/// ```
public struct Response: Sendable, Hashable {
    /// `good`, or `bad` with an ``error``.
    public var status: ResponseStatus
    /// The request's `payload.type`; empty when the request had none that was valid.
    public var type: String
    /// The request's `payload.id`, when it had one.
    public var id: String?
    /// The result (success), or what the handler said (failure); often `null`.
    public var data: JSONValue
    /// Why it failed (`header.error`); nil on success.
    public var error: ErrorReport?

    /// Creates a response with any status (a client decoding may see `bad`
    /// without an error object from another server).
    public init(status: ResponseStatus, type: String, id: String?, data: JSONValue, error: ErrorReport?) {
        self.status = status
        self.type = type
        self.id = id
        self.data = data
        self.error = error
    }

    /// A success carrying `data`.
    public static func success(type: String, id: String?, data: JSONValue = .null) -> Response {
        Response(status: .good, type: type, id: id, data: data, error: nil)
    }

    /// A failure. `type` and `id` are the request's, as far as it had valid ones.
    public static func failure(_ error: ErrorReport, type: String = "", id: String? = nil, data: JSONValue = .null) -> Response {
        Response(status: .bad, type: type, id: id, data: data, error: error)
    }

    /// True for `status: good`.
    public var isSuccess: Bool { status == .good }

    var envelope: ServerEnvelope {
        ServerEnvelope(status: status, messageType: .statusReport, type: type, id: id, from: nil, error: error, data: data)
    }

    init(_ envelope: ServerEnvelope) {
        self.init(status: envelope.status, type: envelope.type, id: envelope.id, data: envelope.data, error: envelope.error)
    }

    /// The message body in `dialect`'s shape.
    public func json(in dialect: Dialect) -> JSONValue { envelope.json(in: dialect) }
}
