/// Reading an object member by member, for fast paths that want a few
/// members of a document rather than its tree: requests after a
/// connection's first frame (``InboundFrame/readRequest(frame:dialect:reusing:parser:)``)
/// and handlers' replies (``HandlerReply/parse(frame:reusing:parser:)``).
///
/// Objects walked this way are not on the container stack, so a caller
/// walking nested objects lowers the reader's depth limit by its own
/// nesting. Such a fast path gives up (nil) on anything unusual, and the
/// caller parses the whole tree instead, which names the problem.
extension JSONReader {
    /// A member's key as written in the input.
    struct RawKey {
        let range: Range<Int>
        /// The key has escapes: its bytes are not its text.
        let isEscaped: Bool
    }

    /// Moves past whitespace and an object's `{`. False when the next value
    /// is not an object.
    mutating func enterObject() -> Bool {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "{") else { return false }
        position += 1
        skipWhitespace()
        return true
    }

    /// Reads the next member's key and colon, leaving the position at its
    /// value; nil once the object's `}` is passed. `isFirst`: no member of
    /// this object has been read yet.
    mutating func nextKey(isFirst: Bool) throws(JSONParseError) -> RawKey? {
        skipWhitespace()
        guard position < bytes.count else { throw error(.unexpectedEndOfInput, expected: "',' or '}'") }
        if bytes[position] == UInt8(ascii: "}") {
            position += 1
            return nil
        }
        if !isFirst {
            try expect(UInt8(ascii: ","), "',' or '}'")
            skipWhitespace()
        }
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            throw error(.unexpectedByte, expected: "a string key")
        }
        let start = position + 1
        var nonASCII = false
        let end = endOfPlainRun(from: start, nonASCII: &nonASCII)
        let key: RawKey
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            if nonASCII { try validateUTF8(start..<end) }
            position = end + 1
            key = RawKey(range: start..<end, isEscaped: false)
        } else {
            _ = try parseString()
            key = RawKey(range: start..<(position - 1), isEscaped: true)
        }
        skipWhitespace()
        try expect(UInt8(ascii: ":"), "':' after an object key")
        skipWhitespace()
        return key
    }

    /// True when `key` is exactly `name`.
    func key(_ key: RawKey, is name: StaticString) -> Bool {
        guard !key.isEscaped, key.range.count == name.utf8CodeUnitCount else { return false }
        return UnsafeRawBufferPointer(bytes).hasText(name, at: key.range.lowerBound)
    }

    /// Reads the object at the position member by member: `member` is given
    /// each key, with the position at its value, and reads the value (or
    /// returns false to give up). False when the value is not an object, a
    /// key has escapes, or `member` gave up.
    mutating func readObject(_ member: (inout JSONReader, RawKey) throws(JSONParseError) -> Bool) throws(JSONParseError) -> Bool {
        guard enterObject() else { return false }
        var isFirst = true
        while let key = try nextKey(isFirst: isFirst) {
            isFirst = false
            guard !key.isEscaped, try member(&self, key) else { return false }
        }
        return true
    }

    /// True when nothing but whitespace is left.
    mutating func isAtEnd() -> Bool {
        skipWhitespace()
        return position == bytes.count
    }
}

extension JSONParser {
    /// Runs `read` over `bytes` with a reader using `workspace`; nil when
    /// `read` gives up or the input is not valid JSON (the full parse then
    /// says why).
    func read<Value>(_ bytes: UnsafeRawBufferPointer, reusing workspace: inout JSONParseWorkspace,
                     _ read: (inout JSONReader) throws(JSONParseError) -> Value?) -> Value? {
        (try? withReader(bytes, reusing: &workspace, read).get()) ?? nil
    }
}
