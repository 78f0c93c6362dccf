/// The layout every server-to-client message shares, in both shapes:
///
/// - v2 / v2.1 (`001`): `{"header":{status, messageType, from?, error?}, "payload":{type, id?, data}}`
/// - v3 (`002`): `{"header":{status, messageType, type, id?, from?, error?}, "data": ...}`
struct ServerEnvelope {
    var status: ResponseStatus
    var messageType: MessageType
    var type: String
    var id: String?
    var from: String?
    var error: ErrorReport?
    var data: JSONValue

    /// The message body in `dialect`'s shape.
    func json(in dialect: Dialect) -> JSONValue {
        var header: JSONObject = ["status": .string(status.rawValue), "messageType": .string(messageType.rawValue)]
        if !dialect.hasPayloadEnvelope {
            header["type"] = .string(type)
            if let id { header["id"] = .string(id) }
        }
        if let from { header["from"] = .string(from) }
        if let error { header["error"] = error.json }
        guard dialect.hasPayloadEnvelope else { return ["header": .object(header), "data": data] }
        var payload: JSONObject = ["type": .string(type)]
        if let id { payload["id"] = .string(id) }
        payload["data"] = data
        return ["header": .object(header), "payload": .object(payload)]
    }

    /// Appends the message as one frame in `dialect`'s shape: exactly the
    /// bytes of serializing ``json(in:)``, written directly because every
    /// response and delivery goes through here and the tree is pure overhead.
    func writeFrame(in dialect: Dialect, into out: inout JSONOutput) {
        out.appendFrame { writeBody(in: dialect, into: &$0) }
    }

    private func writeBody(in dialect: Dialect, into out: inout JSONOutput) {
        out.append("{\"header\":{\"status\":")
        JSONSerializer.writeString(status.rawValue, into: &out)
        out.append(",\"messageType\":")
        JSONSerializer.writeString(messageType.rawValue, into: &out)
        if !dialect.hasPayloadEnvelope {
            writeTypeAndID(into: &out)
        }
        if let from {
            out.append(",\"from\":")
            JSONSerializer.writeString(from, into: &out)
        }
        if let error {
            out.append(",\"error\":")
            JSONSerializer.write(error.json, into: &out, indent: nil, level: 0)
        }
        if dialect.hasPayloadEnvelope {
            out.append("},\"payload\":{")
            writeTypeAndID(into: &out, leadingComma: false)
            out.append(",\"data\":")
        } else {
            out.append("},\"data\":")
        }
        JSONSerializer.write(data, into: &out, indent: nil, level: 0)
        out.append(dialect.hasPayloadEnvelope ? "}}" : "}")
    }

    private func writeTypeAndID(into out: inout JSONOutput, leadingComma: Bool = true) {
        out.append(leadingComma ? ",\"type\":" : "\"type\":")
        JSONSerializer.writeString(type, into: &out)
        if let id {
            out.append(",\"id\":")
            JSONSerializer.writeString(id, into: &out)
        }
    }

    /// Path of `data` in `dialect`'s shape, for errors about its contents.
    static func dataPath(in dialect: Dialect) -> String {
        dialect.hasPayloadEnvelope ? "payload.data" : "data"
    }

    /// Reads a message in `dialect`'s shape. Strict about what Bester for
    /// Swift sends, lenient where the reference daemon and `001` say less: a
    /// missing `messageType` is a `statusReport`, a missing `type` is `""`
    /// and missing `data` is `null` (the reference daemon's status reports
    /// carry only `payload.id`).
    static func parse(_ json: JSONValue, dialect: Dialect) throws(ValidationError) -> ServerEnvelope {
        let root = try FieldReader.object(json, at: "")
        let header = try FieldReader.object(root["header"], at: "header")
        let status = try FieldReader.oneOf(header["status"], at: "header.status", as: ResponseStatus.self)
        let messageType = header["messageType"] == nil
            ? .statusReport
            : try FieldReader.oneOf(header["messageType"], at: "header.messageType", as: MessageType.self)
        let from = try FieldReader.optionalString(header["from"], at: "header.from")
        let error = header["error"] == nil ? nil : try ErrorReport.parse(header["error"], at: "header.error")
        let type: String?
        let id: String?
        let data: JSONValue?
        if dialect.hasPayloadEnvelope {
            let payload = try FieldReader.object(root["payload"], at: "payload")
            type = try FieldReader.optionalString(payload["type"], at: "payload.type")
            id = try FieldReader.optionalString(payload["id"], at: "payload.id")
            data = payload["data"]
        } else {
            type = try FieldReader.optionalString(header["type"], at: "header.type")
            id = try FieldReader.optionalString(header["id"], at: "header.id")
            data = root["data"]
        }
        return ServerEnvelope(status: status, messageType: messageType, type: type ?? "", id: id, from: from,
                              error: error, data: data ?? .null)
    }
}
