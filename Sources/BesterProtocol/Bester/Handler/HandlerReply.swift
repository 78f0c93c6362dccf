/// A message handler's answer to the server, in either accepted shape.
///
/// The specification's (`001`):
/// ```json
/// {"header":{"status":"0","command":"sendClients","commandData":["alice","bob"]},"payload":{"type":"chat","data":{"text":"hi"}}}
/// ```
/// The reference daemon's:
/// ```json
/// {"header":{"status":"0","command":{"type":"sendClients","data":["alice","bob"]}},"data":{"text":"hi"}}
/// ```
///
/// A handler written in Swift builds one and sends
/// `FrameEncoder.frame(reply.json())` (or lets `FrameWriter` encode it).
public struct HandlerReply: Sendable, Hashable {
    /// The statuses that mean success: the reference daemon's `"0"`, and `"ok"`, `"good"`.
    public static let successStatuses: Set<String> = ["0", "ok", "good"]

    /// `header.status`; see ``isSuccess``.
    public var status: String
    /// What the server should do with ``data``.
    public var command: HandlerCommand
    /// `payload.type` (specification shape only): the type the data is
    /// delivered as; nil or empty means the request's type.
    public var type: String?
    /// The data to route.
    public var data: JSONValue

    /// Creates a reply; the default status is the reference daemon's success, `"0"`.
    public init(status: String = "0", command: HandlerCommand, type: String? = nil, data: JSONValue) {
        self.status = status
        self.command = command
        self.type = type
        self.data = data
    }

    /// True when ``status`` is one of ``successStatuses``.
    public var isSuccess: Bool {
        // Nearly every reply says "0": tested first, without hashing.
        status == "0" || Self.successStatuses.contains(status)
    }

    /// Reads a handler's reply in either shape (``HandlerReplyShape/detect(_:)``):
    /// `header` MUST be an object with a string `status` and a `command`;
    /// the specification shape MUST have `payload` (an object with `data`,
    /// and a string `type` if any), the reference shape a top-level `data`.
    public static func parse(_ json: JSONValue) throws(ValidationError) -> HandlerReply {
        let root = try FieldReader.object(json, at: "")
        let header = try FieldReader.object(root["header"], at: "header")
        let payload: Parts.Payload
        switch root["payload"] {
        case nil: payload = .absent
        case .object(let object)?: payload = .object(type: object["type"], data: object["data"])
        case let other?: payload = .notAnObject(other)
        }
        return try validated(Parts(status: header["status"], command: header["command"], commandData: header["commandData"],
                                   payload: payload, data: root["data"]))
    }

    /// Appends the reply as one frame in `shape`: exactly the bytes of
    /// serializing ``json(shape:)``, written directly because a handler
    /// answers every request with one and the tree is pure overhead.
    func writeFrame(shape: HandlerReplyShape, into out: inout JSONOutput) {
        out.appendFrame { writeBody(shape: shape, into: &$0) }
    }

    /// Status `"0"`, command `reply`, no type: the answer nearly every
    /// request gets, written in one fixed layout per shape
    /// (``HandlerReplyShape/plainAnswerLayout``).
    var isPlainAnswer: Bool {
        status == "0" && command == .reply && type == nil
    }

    private func writeBody(shape: HandlerReplyShape, into out: inout JSONOutput) {
        if isPlainAnswer {
            let layout = shape.plainAnswerLayout
            out.append(layout.opening)
            JSONSerializer.write(data, into: &out, indent: nil, level: 0)
            out.append(layout.closing)
            return
        }
        out.append("{\"header\":{\"status\":")
        JSONSerializer.writeString(status, into: &out)
        // The shapes differ only in where the command and the data sit.
        let isSpecification = shape == .specification
        out.append(isSpecification ? ",\"command\":" : ",\"command\":{\"type\":")
        JSONSerializer.writeString(command.name.rawValue, into: &out)
        if let commandData = command.commandData {
            out.append(isSpecification ? ",\"commandData\":" : ",\"data\":")
            JSONSerializer.write(commandData, into: &out, indent: nil, level: 0)
        }
        if isSpecification {
            out.append("},\"payload\":{")
            if let type {
                out.append("\"type\":")
                JSONSerializer.writeString(type, into: &out)
                out.append(",")
            }
            out.append("\"data\":")
        } else {
            out.append("}},\"data\":")
        }
        JSONSerializer.write(data, into: &out, indent: nil, level: 0)
        out.append(isSpecification ? "}}" : "}")
    }

    /// The reply body in `shape`. The reference shape has no place for
    /// ``type``, which it therefore drops.
    public func json(shape: HandlerReplyShape = .specification) -> JSONValue {
        switch shape {
        case .specification:
            var header: JSONObject = ["status": .string(status), "command": .string(command.name.rawValue)]
            if let commandData = command.commandData { header["commandData"] = commandData }
            var payload = JSONObject()
            if let type { payload["type"] = .string(type) }
            payload["data"] = data
            return ["header": .object(header), "payload": .object(payload)]
        case .reference:
            var commandObject: JSONObject = ["type": .string(command.name.rawValue)]
            if let commandData = command.commandData { commandObject["data"] = commandData }
            return ["header": ["status": .string(status), "command": .object(commandObject)], "data": data]
        }
    }
}
