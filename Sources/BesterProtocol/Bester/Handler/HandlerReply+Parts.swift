extension HandlerReply {
    /// The members of a reply that matter, however they were read: from a
    /// parsed tree, or straight from a frame's bytes.
    struct Parts {
        /// `payload`, which only the specification shape uses.
        enum Payload {
            case absent
            case object(type: JSONValue?, data: JSONValue?)
            case notAnObject(JSONValue)
        }

        var status: JSONValue?
        var command: JSONValue?
        var commandData: JSONValue?
        var payload = Payload.absent
        /// Top-level `data` (the reference shape).
        var data: JSONValue?
    }

    /// The reply `parts` make, by the rules of ``parse(_:)``.
    static func validated(_ parts: Parts) throws(ValidationError) -> HandlerReply {
        let status = try FieldReader.string(parts.status, at: "header.status")
        switch parts.command {
        case nil:
            throw ValidationError(path: "header.command", rule: .required)
        case .string?:
            let name = try FieldReader.oneOf(parts.command, at: "header.command", as: HandlerCommand.Name.self)
            let command = try HandlerCommand.parse(name: name, data: parts.commandData, at: "header.commandData")
            let payload: (type: JSONValue?, data: JSONValue?)
            switch parts.payload {
            case .object(let type, let data): payload = (type, data)
            case .absent: throw ValidationError(path: "payload", rule: .required)
            case .notAnObject: throw ValidationError(path: "payload", rule: .mustBeObject)
            }
            let type = try FieldReader.optionalString(payload.type, at: "payload.type")
            let data = try FieldReader.value(payload.data, at: "payload.data")
            return HandlerReply(status: status, command: command, type: type, data: data)
        case .object(let commandObject)?:
            let name = try FieldReader.oneOf(commandObject["type"], at: "header.command.type", as: HandlerCommand.Name.self)
            let command = try HandlerCommand.parse(name: name, data: commandObject["data"], at: "header.command.data")
            let data = try FieldReader.value(parts.data, at: "data")
            return HandlerReply(status: status, command: command, type: nil, data: data)
        default:
            throw ValidationError(path: "header.command", rule: .mustBeStringOrObject)
        }
    }
}
