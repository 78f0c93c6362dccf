/// A strict RFC 8259 JSON parser.
///
/// Accepts exactly one JSON text: valid UTF-8 only (no byte order mark), no
/// trailing commas, no leading zeros, no NaN or Infinity, no comments, only
/// whitespace after the value. Nesting is tracked on the heap, not the call
/// stack, so no input can overflow a thread's stack; nesting deeper than
/// ``maximumDepth`` is an error. Repeated object keys: the last value wins
/// (as ECMAScript's `JSON.parse`), at the key's first position. Numbers whose
/// magnitude overflows a double are rejected
/// (``JSONParseError/Kind/numberOutOfRange``).
public struct JSONParser: Sendable {
    /// Default nesting limit (arrays and objects).
    public static let defaultMaximumDepth = 512

    /// Deepest nesting of arrays and objects accepted.
    public var maximumDepth: Int

    /// Creates a parser.
    public init(maximumDepth: Int = JSONParser.defaultMaximumDepth) {
        self.maximumDepth = maximumDepth
    }

    /// Parses one JSON text from raw memory.
    public func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        var workspace = JSONParseWorkspace()
        return try parse(bytes, reusing: &workspace)
    }

    /// Parses one JSON text using `workspace` for scratch space, so that a
    /// thread parsing many documents does not set scratch space up for each
    /// (a fixed cost that dominates small documents).
    public func parse(_ bytes: UnsafeRawBufferPointer, reusing workspace: inout JSONParseWorkspace) throws(JSONParseError) -> JSONValue {
        try withReader(bytes, reusing: &workspace) { reader throws(JSONParseError) in try reader.parseDocument() }.get()
    }

    /// Runs `body` with a reader over `bytes` that uses `workspace`, which is
    /// left empty afterwards.
    func withReader<Value>(_ bytes: UnsafeRawBufferPointer, reusing workspace: inout JSONParseWorkspace,
                           _ body: (inout JSONReader) throws(JSONParseError) -> Value) -> Result<Value, JSONParseError> {
        withUnsafeMutablePointer(to: &workspace) { space in
            var reader = JSONReader(bytes: bytes.bindMemory(to: UInt8.self), maximumDepth: maximumDepth, space: space)
            defer { space.pointee.clear() }
            do throws(JSONParseError) { return .success(try body(&reader)) } catch { return .failure(error) }
        }
    }

    /// Parses one JSON text.
    public func parse<Bytes: Collection>(_ bytes: Bytes) throws(JSONParseError) -> JSONValue where Bytes.Element == UInt8 {
        let parsed: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Self.result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(buffer)) }
        }
        if let parsed { return try parsed.get() }
        return try Array(bytes).withUnsafeBytes { raw in
            Self.result { () throws(JSONParseError) in try parse(raw) }
        }.get()
    }

    /// Parses one JSON text held in a string.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Parses with the default limits.
    public static func parse<Bytes: Collection>(_ bytes: Bytes) throws(JSONParseError) -> JSONValue where Bytes.Element == UInt8 {
        try JSONParser().parse(bytes)
    }

    /// Parses a string with the default limits.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONParser().parse(text)
    }

    private static func result(_ body: () throws(JSONParseError) -> JSONValue) -> Result<JSONValue, JSONParseError> {
        do { return .success(try body()) } catch { return .failure(error) }
    }
}

/// The parsing state: a cursor over the input bytes, the containers still
/// open, and the scratch stacks their contents are collected on.
///
/// The parser is iterative: nesting lives on the workspace's stacks (heap), not
/// on the call stack, so no input can exhaust a thread's stack;
/// `maximumDepth` is a policy limit only.
struct JSONReader: ~Copyable {
    let bytes: UnsafeBufferPointer<UInt8>
    let maximumDepth: Int
    var position = 0
    /// Scratch space, borrowed from the caller for the duration of a parse.
    private let space: UnsafeMutablePointer<JSONParseWorkspace>

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int, space: UnsafeMutablePointer<JSONParseWorkspace>) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        self.space = space
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw JSONParseError(kind: .byteOrderMark, offset: 0, expected: "a value", found: "a byte order mark")
        }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if position < bytes.count {
            throw error(.trailingContent, expected: "end of input after the value")
        }
        return value
    }

    // MARK: Values

    /// Parses one value, with everything nested in it: the document's, or
    /// a member's when an object is read member by member.
    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        // Whether the innermost open container is an object, kept in a local
        // so that adding a value does not read the container stack.
        var inObject = false
        while true {
            // A value starts here: a scalar, or a container to open.
            var value: JSONValue
            guard position < bytes.count else { throw error(.unexpectedEndOfInput, expected: "a value") }
            switch bytes[position] {
            case UInt8(ascii: "{"):
                guard space.pointee.openContainers.count < maximumDepth else { throw tooDeep() }
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    value = .object(JSONObject())
                } else {
                    space.pointee.openContainers.push(JSONParseWorkspace.OpenContainer(isObject: true, first: space.pointee.members.count))
                    inObject = true
                    try parseKey()
                    continue
                }
            case UInt8(ascii: "["):
                guard space.pointee.openContainers.count < maximumDepth else { throw tooDeep() }
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    value = .array([])
                } else {
                    space.pointee.openContainers.push(JSONParseWorkspace.OpenContainer(isObject: false, first: space.pointee.elements.count))
                    inObject = false
                    continue
                }
            default:
                value = try parseScalar()
            }

            // The value is complete: add it to the container it is in, and
            // close every container that ends right after it.
            while !space.pointee.openContainers.isEmpty {
                skipWhitespace()
                if inObject {
                    let pending = space.pointee.pendingKeys.popLast()
                    space.pointee.members.push(JSONObject.Member(key: pending.key, value: value))
                    space.pointee.keySpans.push(pending.span)
                    guard position < bytes.count else { throw error(.unexpectedEndOfInput, expected: "',' or '}'") }
                    switch bytes[position] {
                    case UInt8(ascii: ","):
                        position += 1
                        skipWhitespace()
                        try parseKey()
                    case UInt8(ascii: "}"):
                        position += 1
                        value = .object(finishObject(from: space.pointee.openContainers.popLast().first))
                        inObject = innermostIsObject
                        continue
                    default:
                        throw error(.unexpectedByte, expected: "',' or '}'")
                    }
                } else {
                    space.pointee.elements.push(value)
                    guard position < bytes.count else { throw error(.unexpectedEndOfInput, expected: "',' or ']'") }
                    switch bytes[position] {
                    case UInt8(ascii: ","):
                        position += 1
                        skipWhitespace()
                    case UInt8(ascii: "]"):
                        position += 1
                        value = .array(space.pointee.elements.popArray(from: space.pointee.openContainers.popLast().first))
                        inObject = innermostIsObject
                        continue
                    default:
                        throw error(.unexpectedByte, expected: "',' or ']'")
                    }
                }
                // A comma: the next value of this container starts at `position`.
                break
            }
            if space.pointee.openContainers.isEmpty { return value }
        }
    }

    /// Parses an object key and its colon; the key waits on ``pendingKeys``
    /// until its value is parsed.
    private mutating func parseKey() throws(JSONParseError) {
        guard position < bytes.count else { throw error(.unexpectedEndOfInput, expected: "a string key") }
        guard bytes[position] == UInt8(ascii: "\"") else { throw error(.unexpectedByte, expected: "a string key") }
        let keyStart = position + 1
        let key = try parseString()
        let rawLength = position - 1 - keyStart
        // An escape always takes more bytes than what it stands for.
        let span = JSONParseWorkspace.KeySpan(start: keyStart, length: rawLength, escaped: rawLength != key.utf8.count)
        space.pointee.pendingKeys.push(JSONParseWorkspace.PendingKey(key: key, span: span))
        skipWhitespace()
        try expect(UInt8(ascii: ":"), "':' after an object key")
        skipWhitespace()
    }

    /// Parses a string, number or literal at `position`.
    private mutating func parseScalar() throws(JSONParseError) -> JSONValue {
        switch bytes[position] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error(.unexpectedByte, expected: "a value")
        }
    }

    /// True when the innermost container still open is an object.
    private var innermostIsObject: Bool {
        let count = space.pointee.openContainers.count
        return count > 0 && space.pointee.openContainers[count - 1].isObject
    }

    /// Moves the members collected since `first` into an object.
    private mutating func finishObject(from first: Int) -> JSONObject {
        let count = space.pointee.members.count - first
        var repeated = count > JSONObject.indexThreshold
        if !repeated {
            search: for later in (first + 1)..<space.pointee.members.count {
                for earlier in first..<later where sameKey(earlier, later) {
                    repeated = true
                    break search
                }
            }
        }
        space.pointee.keySpans.drop(from: first)
        let collected = space.pointee.members.popArray(from: first)
        // Large objects are checked by the index JSONObject builds for them.
        return repeated ? JSONObject(members: collected) : JSONObject(uniqueMembers: collected)
    }

    private func sameKey(_ earlier: Int, _ later: Int) -> Bool {
        let a = space.pointee.keySpans[earlier]
        let b = space.pointee.keySpans[later]
        if a.escaped || b.escaped { return space.pointee.members[earlier].key == space.pointee.members[later].key }
        guard a.length == b.length else { return false }
        for offset in 0..<a.length where bytes[a.start + offset] != bytes[b.start + offset] { return false }
        return true
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let text = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in text {
            guard position < bytes.count else { throw error(.unexpectedEndOfInput, expected: "'\(literal)'") }
            guard bytes[position] == byte else { throw error(.unexpectedByte, expected: "'\(literal)'") }
            position += 1
        }
    }

    mutating func expect(_ byte: UInt8, _ expected: String) throws(JSONParseError) {
        guard position < bytes.count else { throw error(.unexpectedEndOfInput, expected: expected) }
        guard bytes[position] == byte else { throw error(.unexpectedByte, expected: expected) }
        position += 1
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    // MARK: Strings

    /// Index of the first byte at or after `index` that ends a run of plain
    /// string bytes (a quote, a backslash or a control character), or
    /// `bytes.count`. Sets `nonASCII` when the run has a byte above 0x7F.
    /// Eight bytes are tested at a time.
    @inline(__always)
    func endOfPlainRun(from index: Int, nonASCII: inout Bool) -> Int {
        var index = index
        var seen: UInt64 = 0
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let delimiters = SWAR.stringDelimiters(word)
                if delimiters != 0 {
                    // The run ends inside this word: no need to look byte by byte.
                    let offset = SWAR.firstFlaggedByte(delimiters)
                    seen |= SWAR.bytes(of: word, before: offset)
                    if seen & SWAR.highBits != 0 { nonASCII = true }
                    return index + offset
                }
                seen |= word
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            seen |= UInt64(byte)
            index += 1
        }
        if seen & SWAR.highBits != 0 { nonASCII = true }
        return index
    }

    /// Parses a string starting at its opening quote.
    mutating func parseString() throws(JSONParseError) -> String {
        let start = position + 1
        var nonASCII = false
        let index = endOfPlainRun(from: start, nonASCII: &nonASCII)
        guard index < bytes.count else {
            position = index
            throw error(.unexpectedEndOfInput, expected: "'\"' to close the string")
        }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            // Fast path: no escapes, the string is a slice of the input.
            let content = UnsafeBufferPointer(rebasing: bytes[start..<index])
            if nonASCII { try validateUTF8(start..<index) }
            position = index + 1
            return String(decoding: content, as: UTF8.self)
        case UInt8(ascii: "\\"):
            if nonASCII { try validateUTF8(start..<index) }
            return try parseEscapedString(start: start, firstEscape: index)
        default:
            position = index
            throw error(.unescapedControlCharacter, expected: "a string character (control characters must be escaped)")
        }
    }

    /// Slow path for strings with escapes: decode into a scratch buffer.
    /// The run before `firstEscape` has been validated.
    private mutating func parseEscapedString(start: Int, firstEscape: Int) throws(JSONParseError) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(firstEscape - start + 16)
        decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<firstEscape]))
        position = firstEscape
        while true {
            // `position` is at a backslash.
            try decodeEscape(into: &decoded)
            let runStart = position
            var nonASCII = false
            let index = endOfPlainRun(from: runStart, nonASCII: &nonASCII)
            guard index < bytes.count else {
                position = index
                throw error(.unexpectedEndOfInput, expected: "'\"' to close the string")
            }
            if bytes[index] < 0x20 {
                position = index
                throw error(.unescapedControlCharacter, expected: "a string character (control characters must be escaped)")
            }
            if nonASCII { try validateUTF8(runStart..<index) }
            decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            position = index
            if bytes[index] == UInt8(ascii: "\"") {
                position = index + 1
                return String(decoding: decoded, as: UTF8.self)
            }
        }
    }

    /// Decodes the escape at `position` (its backslash) and moves past it.
    private mutating func decodeEscape(into decoded: inout [UInt8]) throws(JSONParseError) {
        let escapeStart = position
        position += 1
        guard position < bytes.count else { throw error(.unexpectedEndOfInput, expected: "an escape character") }
        let letter = bytes[position]
        position += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(letter)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4()
            if (0xDC00...0xDFFF).contains(scalar) {
                position = escapeStart
                throw error(.loneSurrogate, expected: "a high surrogate before a low surrogate")
            }
            if (0xD800...0xDBFF).contains(scalar) {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                      bytes[position + 1] == UInt8(ascii: "u")
                else {
                    throw error(.loneSurrogate, expected: "'\\u' and a low surrogate after a high surrogate")
                }
                let lowStart = position
                position += 2
                let low = try readHex4()
                guard (0xDC00...0xDFFF).contains(low) else {
                    position = lowStart
                    throw error(.loneSurrogate, expected: "a low surrogate (\\uDC00 to \\uDFFF)")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            UTF8Validation.append(scalar: scalar, to: &decoded)
        default:
            position = escapeStart + 1
            throw error(.invalidEscape, expected: "one of '\"\\/bfnrtu' after a backslash")
        }
    }

    private mutating func readHex4() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard position < bytes.count else { throw error(.unexpectedEndOfInput, expected: "a hex digit") }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error(.invalidEscape, expected: "a hex digit")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// Throws at the first byte of `range` that is not well-formed UTF-8.
    mutating func validateUTF8(_ range: Range<Int>) throws(JSONParseError) {
        if let bad = UTF8Validation.firstInvalidByte(in: UnsafeBufferPointer(rebasing: bytes[range])) {
            position = range.lowerBound + bad
            throw error(.invalidUTF8, expected: "well-formed UTF-8")
        }
    }

    // MARK: Numbers

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        guard position < bytes.count else { throw error(.unexpectedEndOfInput, expected: "a digit") }

        // Significant digits, accumulated while they fit, for the fast paths.
        var mantissa: UInt64 = 0
        var digitCount = 0
        var droppedDigits = false
        var isInteger = true

        @inline(__always) func accumulate(_ byte: UInt8) {
            if digitCount < 19 {
                mantissa = mantissa &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
                if mantissa != 0 { digitCount += 1 }
            } else if byte != UInt8(ascii: "0") {
                droppedDigits = true
            }
        }

        var integerDigitsBeyondMantissa = 0
        let integerStart = position
        switch bytes[position] {
        case UInt8(ascii: "0"):
            position += 1
            if position < bytes.count, isDigit(bytes[position]) {
                throw error(.leadingZero, expected: "'.', 'e' or the end of the number (no leading zeros)")
            }
        case UInt8(ascii: "1")...UInt8(ascii: "9"):
            while position < bytes.count, isDigit(bytes[position]) {
                if digitCount >= 19 { integerDigitsBeyondMantissa += 1 }
                accumulate(bytes[position])
                position += 1
            }
        default:
            throw error(.unexpectedByte, expected: "a digit")
        }

        var exponent = integerDigitsBeyondMantissa
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw endOrUnexpected(expected: "a digit after '.'")
            }
            while position < bytes.count, isDigit(bytes[position]) {
                if digitCount < 19 { exponent -= 1 }
                accumulate(bytes[position])
                position += 1
            }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            position += 1
            var exponentNegative = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                exponentNegative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw endOrUnexpected(expected: "a digit in the exponent")
            }
            var explicit = 0
            while position < bytes.count, isDigit(bytes[position]) {
                // Saturate: beyond this the value is 0 or out of range anyway.
                if explicit < 100_000 { explicit = explicit * 10 + Int(bytes[position] - UInt8(ascii: "0")) }
                position += 1
            }
            exponent += exponentNegative ? -explicit : explicit
        }

        if isInteger, let value = exactInteger(digits: integerStart..<position, negative: negative) {
            return value
        }
        // Clinger's fast path: both operands exact, one correctly rounded operation.
        if !droppedDigits, mantissa <= 1 << 53, (-22...22).contains(exponent) {
            var value = Double(mantissa)
            let scale = Self.powersOfTen[abs(exponent)]
            value = exponent < 0 ? value / scale : value * scale
            return .double(negative ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            position = start
            throw error(.numberOutOfRange, expected: "a number within the range of a 64-bit double")
        }
        return .double(value)
    }

    /// The integer spelled by `digits`, when it fits 64 bits (signed if
    /// negative, unsigned otherwise); nil sends it down the double path.
    private func exactInteger(digits: Range<Int>, negative: Bool) -> JSONValue? {
        guard digits.count <= 20 else { return nil }
        var magnitude: UInt64 = 0
        for index in digits {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }
            magnitude = sum
        }
        if negative {
            if magnitude <= UInt64(Int64.max) { return .integer(-Int64(magnitude)) }
            if magnitude == UInt64(Int64.max) + 1 { return .integer(Int64.min) }
            return nil
        }
        return JSONValue(magnitude)
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    @inline(__always) private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private func endOrUnexpected(expected: String) -> JSONParseError {
        error(position < bytes.count ? .unexpectedByte : .unexpectedEndOfInput, expected: expected)
    }

    // MARK: Errors

    private func tooDeep() -> JSONParseError {
        error(.tooDeep, expected: "nesting of at most \(maximumDepth) levels")
    }

    func error(_ kind: JSONParseError.Kind, expected: String) -> JSONParseError {
        JSONParseError(kind: kind, offset: position, expected: expected, found: describeFound())
    }

    private func describeFound() -> String {
        guard position < bytes.count else { return "end of input" }
        let byte = bytes[position]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }
}
