/// Why a handler's reply frame could not be read.
public enum HandlerReplyFrameError: Error, Sendable, CustomStringConvertible {
    /// The body is not one JSON text.
    case notJSON(JSONParseError)
    /// The JSON is not a reply (``HandlerReply/parse(_:)``'s rules).
    case invalid(ValidationError)

    /// What is wrong, as the sender of the request is told.
    public var description: String {
        switch self {
        case .notJSON(let error): "not JSON: \(error)"
        case .invalid(let error): "\(error)"
        }
    }
}

extension HandlerReply {
    /// Reads a reply frame's body. Replies in either shape are read member
    /// by member, building values only for what they carry (not for the
    /// envelope around it); anything unusual is parsed whole and checked by
    /// ``parse(_:)``, which names what is wrong. `workspace` is scratch space
    /// reused from one reply to the next.
    public static func parse(frame body: UnsafeRawBufferPointer, reusing workspace: inout JSONParseWorkspace,
                             parser: JSONParser = JSONParser()) throws(HandlerReplyFrameError) -> HandlerReply {
        // Two levels (the reply and its header or payload) are walked outside the reader's count.
        let memberParser = JSONParser(maximumDepth: parser.maximumDepth - 2)
        if let parts = memberParser.read(body, reusing: &workspace, Self.readParts), let reply = try? validated(parts) {
            return reply
        }
        let json: JSONValue
        do { json = try parser.parse(body, reusing: &workspace) } catch { throw .notJSON(error) }
        do { return try parse(json) } catch { throw .invalid(error) }
    }

    /// The parts of a reply whose `header` (and `payload`, if any) are
    /// objects with each member at most once; nil for anything else.
    private static func readParts(_ reader: inout JSONReader) throws(JSONParseError) -> Parts? {
        guard reader.enterObject() else { return nil }
        var parts = Parts()
        var seen = SeenMembers()
        var isFirst = true
        while let key = try reader.nextKey(isFirst: isFirst) {
            isFirst = false
            if key.isEscaped { return nil }
            if reader.key(key, is: "header") {
                guard seen.first(.header), reader.enterObject() else { return nil }
                var isFirstInHeader = true
                while let headerKey = try reader.nextKey(isFirst: isFirstInHeader) {
                    isFirstInHeader = false
                    if headerKey.isEscaped { return nil }
                    if reader.key(headerKey, is: "status") {
                        guard seen.first(.status) else { return nil }
                        parts.status = try reader.parseValue()
                    } else if reader.key(headerKey, is: "command") {
                        guard seen.first(.command) else { return nil }
                        parts.command = try reader.parseValue()
                    } else if reader.key(headerKey, is: "commandData") {
                        guard seen.first(.commandData) else { return nil }
                        parts.commandData = try reader.parseValue()
                    } else {
                        _ = try reader.parseValue()
                    }
                }
            } else if reader.key(key, is: "payload") {
                guard seen.first(.payload), reader.enterObject() else { return nil }
                var type: JSONValue?
                var data: JSONValue?
                var isFirstInPayload = true
                while let payloadKey = try reader.nextKey(isFirst: isFirstInPayload) {
                    isFirstInPayload = false
                    if payloadKey.isEscaped { return nil }
                    if reader.key(payloadKey, is: "type") {
                        guard seen.first(.payloadType) else { return nil }
                        type = try reader.parseValue()
                    } else if reader.key(payloadKey, is: "data") {
                        guard seen.first(.payloadData) else { return nil }
                        data = try reader.parseValue()
                    } else {
                        _ = try reader.parseValue()
                    }
                }
                parts.payload = .object(type: type, data: data)
            } else if reader.key(key, is: "data") {
                guard seen.first(.data) else { return nil }
                parts.data = try reader.parseValue()
            } else {
                _ = try reader.parseValue()
            }
        }
        guard seen.contains(.header), reader.isAtEnd() else { return nil }
        return parts
    }

    /// The members a reply has shown so far: one that repeats sends the
    /// reply to the full parse (where the last value wins).
    private struct SeenMembers: OptionSet {
        let rawValue: UInt8
        static let header = SeenMembers(rawValue: 1 << 0)
        static let status = SeenMembers(rawValue: 1 << 1)
        static let command = SeenMembers(rawValue: 1 << 2)
        static let commandData = SeenMembers(rawValue: 1 << 3)
        static let payload = SeenMembers(rawValue: 1 << 4)
        static let payloadType = SeenMembers(rawValue: 1 << 5)
        static let payloadData = SeenMembers(rawValue: 1 << 6)
        static let data = SeenMembers(rawValue: 1 << 7)

        /// Records `member`; false when it was already seen.
        mutating func first(_ member: SeenMembers) -> Bool {
            insert(member).inserted
        }
    }
}
