extension InboundFrame {
    /// Reads a request frame on a connection whose dialect is known, member
    /// by member from its bytes, building values only for the request's
    /// `type`, `id` and `data` (not for the envelope around them). Every
    /// request after the first frame comes through here.
    ///
    /// Returns nil for anything but a plain, valid request (a rule broken, a
    /// member repeated or escaped, an identify stanza, not JSON): the caller
    /// then parses the tree and calls ``parse(_:connectionDialect:)``, which
    /// names what is wrong. A request read here is exactly the one that call
    /// would return. `workspace` is scratch space reused from one frame to the next.
    public static func readRequest(frame body: UnsafeRawBufferPointer, dialect: Dialect,
                                   reusing workspace: inout JSONParseWorkspace,
                                   parser: JSONParser = JSONParser()) -> ClientRequest? {
        // Two levels (the frame and its payload) are walked outside the reader's count.
        let memberParser = JSONParser(maximumDepth: parser.maximumDepth - 2)
        return memberParser.read(body, reusing: &workspace) { reader throws(JSONParseError) in
            try readRequest(&reader, dialect: dialect)
        }
    }

    private static func readRequest(_ reader: inout JSONReader, dialect: Dialect) throws(JSONParseError) -> ClientRequest? {
        var header = HeaderParts()
        var type: String?
        var id: String?
        var data: JSONValue?
        var seenHeader = false
        var seenPayload = false
        let complete = try reader.readObject { reader, key throws(JSONParseError) in
            if reader.key(key, is: "header") {
                guard !seenHeader else { return false }
                seenHeader = true
                return try readHeader(&reader, into: &header)
            }
            if reader.key(key, is: "payload") {
                guard !seenPayload else { return false }
                seenPayload = true
                return try reader.readObject { reader, key throws(JSONParseError) in
                    if reader.key(key, is: "type") { return try readString(&reader, into: &type) }
                    if reader.key(key, is: "id") { return try readString(&reader, into: &id) }
                    if reader.key(key, is: "data") {
                        guard data == nil else { return false }
                        data = try reader.parseValue()
                        return true
                    }
                    _ = try reader.parseValue()
                    return true
                }
            }
            _ = try reader.parseValue()
            return true
        }
        guard complete, reader.isAtEnd(), let type, let data, !header.hasIdentify else { return nil }
        // v2 and v2.1 frames must have a header; v2 has no scope, v2.1 a valid one.
        let scope: ConnectionRole?
        switch dialect {
        case .v2:
            guard seenHeader, header.scope == nil else { return nil }
            scope = nil
        case .v2_1:
            guard seenHeader, let raw = header.scope, let role = ConnectionRole(rawValue: raw) else { return nil }
            scope = role
        case .v3:
            scope = nil
        }
        return ClientRequest(type: type, data: data, id: id, scope: scope)
    }

    /// Reads a string member's value into `slot`; false when the member came
    /// before or the value is not a string.
    private static func readString(_ reader: inout JSONReader, into slot: inout String?) throws(JSONParseError) -> Bool {
        guard slot == nil, case .string(let text) = try reader.parseValue() else { return false }
        slot = text
        return true
    }

    /// What a later frame's header says that matters: the rest is ignored.
    private struct HeaderParts {
        /// `scope` (a string: any other value gives up).
        var scope: String?
        /// An `identify` member: a v3 stanza where none may be.
        var hasIdentify = false
    }

    /// Reads the header object; false when it is not one, or is unusual.
    private static func readHeader(_ reader: inout JSONReader, into header: inout HeaderParts) throws(JSONParseError) -> Bool {
        try reader.readObject { reader, key throws(JSONParseError) in
            if reader.key(key, is: "scope") { return try readString(&reader, into: &header.scope) }
            if reader.key(key, is: "identify") { header.hasIdentify = true }
            _ = try reader.parseValue()
            return true
        }
    }
}
