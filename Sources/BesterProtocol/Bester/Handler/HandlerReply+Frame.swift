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
    /// Reads a reply frame's body. A plain answer laid out as
    /// ``FrameWriter/withFrame(of:shape:_:)`` writes one has only its data parsed;
    /// other replies in either shape are read member by member, building
    /// values only for what they carry (not for the envelope around it);
    /// anything unusual is parsed whole and checked by ``parse(_:)``, which
    /// names what is wrong. `workspace` is scratch space reused from one
    /// reply to the next.
    public static func parse(frame body: UnsafeRawBufferPointer, reusing workspace: inout JSONParseWorkspace,
                             parser: JSONParser = JSONParser()) throws(HandlerReplyFrameError) -> HandlerReply {
        // Two levels (the reply and its header or payload) are walked outside the reader's count.
        let memberParser = JSONParser(maximumDepth: parser.maximumDepth - 2)
        if let reply = plainAnswer(body, in: .specification, reusing: &workspace, parser: memberParser)
            ?? plainAnswer(body, in: .reference, reusing: &workspace, parser: memberParser) {
            return reply
        }
        // Read in place: the parts are large, and a returned value would be moved several times.
        var parts = Parts()
        let complete = memberParser.read(body, reusing: &workspace) { reader throws(JSONParseError) in
            try readParts(&reader, into: &parts) ? true : nil
        }
        if complete != nil {
            // The parts are what the tree would give: its checks would fail the same way.
            do { return try validated(parts) } catch { throw .invalid(error) }
        }
        let json: JSONValue
        do { json = try parser.parse(body, reusing: &workspace) } catch { throw .notJSON(error) }
        do { return try parse(json) } catch { throw .invalid(error) }
    }

    /// The reply when `body` is a plain answer laid out exactly as
    /// ``writeFrame(shape:into:)`` writes one in `shape`, which is what
    /// handlers built on this library send for nearly every request: only
    /// the data is parsed. Nil for anything else. When the bytes between the
    /// fixed opening and closing are one JSON value, the whole body is that
    /// reply and nothing more, so nothing needs checking beyond them.
    private static func plainAnswer(_ body: UnsafeRawBufferPointer, in shape: HandlerReplyShape,
                                    reusing workspace: inout JSONParseWorkspace, parser: JSONParser) -> HandlerReply? {
        let layout = shape.plainAnswerLayout
        let dataStart = layout.opening.utf8CodeUnitCount
        let dataEnd = body.count - layout.closing.utf8CodeUnitCount
        guard dataStart < dataEnd, body.hasText(layout.opening, at: 0), body.hasText(layout.closing, at: dataEnd),
              let data = try? parser.parse(UnsafeRawBufferPointer(rebasing: body[dataStart..<dataEnd]), reusing: &workspace)
        else { return nil }
        return HandlerReply(status: "0", command: .reply, type: nil, data: data)
    }

    /// Reads the parts of a reply whose `header` (and `payload`, if any)
    /// are objects with each member at most once; false for anything else.
    private static func readParts(_ reader: inout JSONReader, into parts: inout Parts) throws(JSONParseError) -> Bool {
        var seen = SeenMembers()
        let complete = try reader.readObject { reader, key throws(JSONParseError) in
            if reader.key(key, is: "header") {
                guard seen.first(.header) else { return false }
                return try reader.readObject { reader, key throws(JSONParseError) in
                    if reader.key(key, is: "status") { return try read(.status, of: &reader, into: &parts.status, seen: &seen) }
                    if reader.key(key, is: "command") { return try read(.command, of: &reader, into: &parts.command, seen: &seen) }
                    if reader.key(key, is: "commandData") {
                        return try read(.commandData, of: &reader, into: &parts.commandData, seen: &seen)
                    }
                    _ = try reader.parseValue()
                    return true
                }
            }
            if reader.key(key, is: "payload") {
                guard seen.first(.payload) else { return false }
                var type: JSONValue?
                var data: JSONValue?
                let isObject = try reader.readObject { reader, key throws(JSONParseError) in
                    if reader.key(key, is: "type") { return try read(.payloadType, of: &reader, into: &type, seen: &seen) }
                    if reader.key(key, is: "data") { return try read(.payloadData, of: &reader, into: &data, seen: &seen) }
                    _ = try reader.parseValue()
                    return true
                }
                parts.payload = .object(type: type, data: data)
                return isObject
            }
            if reader.key(key, is: "data") { return try read(.data, of: &reader, into: &parts.data, seen: &seen) }
            _ = try reader.parseValue()
            return true
        }
        return complete && seen.contains(.header) && reader.isAtEnd()
    }

    /// Reads the value of `member` into `slot`; false when the member was seen before.
    private static func read(_ member: SeenMembers, of reader: inout JSONReader, into slot: inout JSONValue?,
                             seen: inout SeenMembers) throws(JSONParseError) -> Bool {
        guard seen.first(member) else { return false }
        slot = try reader.parseValue()
        return true
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
