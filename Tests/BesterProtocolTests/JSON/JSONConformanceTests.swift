import BesterProtocol
import Testing

/// RFC 8259 conformance on the well-known hard cases (the categories of
/// Nicolas Seriot's JSONTestSuite), as this project's own table.
@Suite struct JSONConformanceTests {
    /// A text that must parse, and the value it must give.
    struct Accepted: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let value: JSONValue
        var testDescription: String { name }

        init(_ name: String, _ text: String, _ value: JSONValue) {
            self.name = name
            self.bytes = Array(text.utf8)
            self.value = value
        }

        init(_ name: String, bytes: [UInt8], _ value: JSONValue) {
            self.name = name
            self.bytes = bytes
            self.value = value
        }
    }

    /// A text that must be refused, with the rule and (when given) the offset.
    struct Rejected: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let kind: JSONParseError.Kind
        let offset: Int?
        var testDescription: String { name }

        init(_ name: String, _ text: String, _ kind: JSONParseError.Kind, at offset: Int? = nil) {
            self.name = name
            self.bytes = Array(text.utf8)
            self.kind = kind
            self.offset = offset
        }

        init(_ name: String, bytes: [UInt8], _ kind: JSONParseError.Kind, at offset: Int? = nil) {
            self.name = name
            self.bytes = bytes
            self.kind = kind
            self.offset = offset
        }
    }

    static let accepted: [Accepted] = [
        Accepted("empty array", "[]", []),
        Accepted("empty object", "{}", .object(JSONObject())),
        Accepted("scalar at top level: number", "1", 1),
        Accepted("scalar at top level: string", "\"a\"", "a"),
        Accepted("scalar at top level: null", "null", nil),
        Accepted("scalar at top level: true", "true", true),
        Accepted("scalar at top level: false", "false", false),
        Accepted("all four whitespace characters around and inside", " \t\r\n[ \t\r\n1 \t\r\n, 2 ]\n", [1, 2]),
        Accepted("negative zero integer", "-0", 0),
        Accepted("zero", "0", 0),
        Accepted("fraction", "1.5", 1.5),
        Accepted("exponent upper case", "1E2", .double(100)),
        Accepted("exponent with plus", "1e+2", .double(100)),
        Accepted("negative exponent", "1e-2", .double(0.01)),
        Accepted("zero with exponent", "0e0", .double(0)),
        Accepted("negative zero fraction with exponent", "-0.0e-0", .double(-0.0)),
        Accepted("small negative exponent", "[-1e-7]", [.double(-1e-7)]),
        Accepted("Int64.min stays exact", "-9223372036854775808", .integer(Int64.min)),
        Accepted("Int64.max stays exact", "9223372036854775807", .integer(Int64.max)),
        Accepted("UInt64.max stays exact", "18446744073709551615", .unsignedInteger(UInt64.max)),
        Accepted("past UInt64 becomes a double", "18446744073709551616", .double(18446744073709551616)),
        Accepted("huge integer becomes a double", "123456789012345678901234567890", .double(1.2345678901234568e29)),
        Accepted("largest double", "1.7976931348623157e308", .double(1.7976931348623157e308)),
        Accepted("underflow to zero is not an error", "1e-400", .double(0)),
        Accepted("many digits round correctly", "0.1000000000000000055511151231257827", .double(0.1)),
        Accepted("escaped NUL", "\"\\u0000\"", "\u{0}"),
        Accepted("every short escape", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\u{8}\u{C}\n\r\t"),
        Accepted("surrogate pair", "\"\\uD834\\uDD1E\"", "𝄞"),
        Accepted("lower-case hex escape", "\"\\u00e9\"", "é"),
        Accepted("raw two-byte UTF-8", "\"é\"", "é"),
        Accepted("raw four-byte UTF-8", "\"😀\"", "😀"),
        Accepted("noncharacter U+FFFF escaped", "\"\\uFFFF\"", "\u{FFFF}"),
        Accepted("noncharacter U+FFFF raw", "\"\u{FFFF}\"", "\u{FFFF}"),
        Accepted("byte order mark inside a string", "\"\u{FEFF}\"", "\u{FEFF}"),
        Accepted("line and paragraph separators raw", "\"\u{2028}\u{2029}\"", "\u{2028}\u{2029}"),
        Accepted("DEL is not a control character for JSON", "\"\u{7F}\"", "\u{7F}"),
        Accepted("U+10FFFF raw", "\"\u{10FFFF}\"", "\u{10FFFF}"),
        Accepted("U+10FFFF escaped", "\"\\uDBFF\\uDFFF\"", "\u{10FFFF}"),
        Accepted("empty key", "{\"\":0}", ["": 0]),
        Accepted("repeated key: last value wins", "{\"a\":1,\"a\":2}", ["a": 2]),
        Accepted("repeated key spelled with an escape", "{\"a\":1,\"\\u0061\":2}", ["a": 2]),
        // Nested objects: each object's keys are compared with its own, not with the keys of the objects around it.
        Accepted("repeated key in a nested object", "{\"h\":{},\"p\":{\"d\":1,\"t\":0,\"d\":2}}", ["h": [:], "p": ["d": 2, "t": 0]]),
        Accepted("repeated key in an object in an array", "[{\"x\":1,\"x\":2}]", [["x": 2]]),
        Accepted("repeated key two objects down", "{\"a\":{\"b\":{\"k\":1,\"k\":2}}}", ["a": ["b": ["k": 2]]]),
        Accepted("nested", "[1,[2,[3,{\"a\":[]}]]]", [1, [2, [3, ["a": []]]]]),
        Accepted("space, DEL and non-ASCII inside eight-byte blocks", "\"  \u{7F}\u{7F}ab cdéfgh ijkl\u{7F}mnop\"", "  \u{7F}\u{7F}ab cdéfgh ijkl\u{7F}mnop"),
        Accepted("long string crossing eight-byte blocks", "\"0123456789abcdef\\n0123456789abcdefé\"", "0123456789abcdef\n0123456789abcdefé"),
        Accepted("512 levels of nesting (the limit)", String(repeating: "[", count: 512) + String(repeating: "]", count: 512),
                 nested(512)),
    ]

    static let rejected: [Rejected] = [
        // Structure
        Rejected("empty input", "", .unexpectedEndOfInput, at: 0),
        Rejected("only whitespace", " \n", .unexpectedEndOfInput, at: 2),
        Rejected("unclosed array", "[", .unexpectedEndOfInput, at: 1),
        Rejected("unopened array", "]", .unexpectedByte, at: 0),
        Rejected("trailing comma in array", "[1,]", .unexpectedByte, at: 3),
        Rejected("trailing comma in object", "{\"a\":1,}", .unexpectedByte, at: 7),
        Rejected("leading comma", "[,1]", .unexpectedByte, at: 1),
        Rejected("only a comma in an object", "{,}", .unexpectedByte, at: 1),
        Rejected("missing comma", "[1 2]", .unexpectedByte, at: 3),
        Rejected("missing colon", "{\"a\" 1}", .unexpectedByte, at: 5),
        Rejected("missing value", "{\"a\":}", .unexpectedByte, at: 5),
        Rejected("missing comma between members", "{\"a\":1 \"b\":2}", .unexpectedByte, at: 7),
        Rejected("unquoted key", "{a:1}", .unexpectedByte, at: 1),
        Rejected("number as key", "{1:1}", .unexpectedByte, at: 1),
        Rejected("single-quoted key", "{'a':1}", .unexpectedByte, at: 1),
        Rejected("single-quoted string", "['a']", .unexpectedByte, at: 1),
        Rejected("unclosed object at end", "{\"a\":1", .unexpectedEndOfInput, at: 6),
        Rejected("unclosed nested array", "[[]", .unexpectedEndOfInput, at: 3),
        Rejected("array closed by a brace", "[1}", .unexpectedByte, at: 2),
        // Trailing garbage
        Rejected("trailing garbage", "[1]x", .trailingContent, at: 3),
        Rejected("two values", "[1][2]", .trailingContent, at: 3),
        Rejected("two objects separated by a space", "{} {}", .trailingContent, at: 3),
        Rejected("extra closing brace", "{\"a\":1}}", .trailingContent, at: 7),
        Rejected("NUL after the value", "1\u{0}", .trailingContent, at: 1),
        // Comments
        Rejected("block comment", "/* c */ 1", .unexpectedByte, at: 0),
        Rejected("line comment", "// c\n1", .unexpectedByte, at: 0),
        Rejected("comment after the value", "[1] // c", .trailingContent, at: 4),
        Rejected("comment inside an array", "[1 /* c */]", .unexpectedByte, at: 3),
        // Byte order mark and whitespace JSON does not have
        Rejected("byte order mark", bytes: [0xEF, 0xBB, 0xBF] + Array("[1]".utf8), .byteOrderMark, at: 0),
        Rejected("vertical tab is not whitespace", "\u{0B}[1]", .unexpectedByte, at: 0),
        Rejected("form feed is not whitespace", "\u{0C}[1]", .unexpectedByte, at: 0),
        Rejected("no-break space is not whitespace", "\u{A0}[1]", .unexpectedByte, at: 0),
        Rejected("NUL byte outside a string", "[1,\u{0}]", .unexpectedByte, at: 3),
        // Numbers
        Rejected("leading zero", "01", .leadingZero, at: 1),
        Rejected("negative leading zero", "-01", .leadingZero, at: 2),
        Rejected("double zero", "00", .leadingZero, at: 1),
        Rejected("leading zero in an array", "[012]", .leadingZero, at: 2),
        Rejected("dot without digits after", "1.", .unexpectedEndOfInput, at: 2),
        Rejected("dot without digits before exponent", "[1.e1]", .unexpectedByte, at: 3),
        Rejected("dot first", ".1", .unexpectedByte, at: 0),
        Rejected("lone minus", "-", .unexpectedEndOfInput, at: 1),
        Rejected("minus then space", "[- 1]", .unexpectedByte, at: 2),
        Rejected("plus sign", "+1", .unexpectedByte, at: 0),
        Rejected("exponent without digits", "1e", .unexpectedEndOfInput, at: 2),
        Rejected("exponent sign without digits", "1e+", .unexpectedEndOfInput, at: 3),
        Rejected("exponent without digits before ]", "[0.3e]", .unexpectedByte, at: 5),
        Rejected("fractional exponent", "[1e1.5]", .unexpectedByte, at: 4),
        Rejected("two exponents", "[1e1e1]", .unexpectedByte, at: 4),
        Rejected("hexadecimal", "0x10", .trailingContent, at: 1),
        Rejected("NaN", "NaN", .unexpectedByte, at: 0),
        Rejected("Infinity", "Infinity", .unexpectedByte, at: 0),
        Rejected("negative Infinity", "-Infinity", .unexpectedByte, at: 1),
        Rejected("negative NaN", "[-NaN]", .unexpectedByte, at: 2),
        Rejected("huge exponent", "1e400", .numberOutOfRange, at: 0),
        Rejected("huge negative number", "[-1e400]", .numberOutOfRange, at: 1),
        Rejected("absurd exponent", "1e99999999999999999999", .numberOutOfRange, at: 0),
        Rejected("huge mantissa and exponent", "123456789012345678901234567890e300", .numberOutOfRange, at: 0),
        // Literals
        Rejected("truncated true", "tru", .unexpectedEndOfInput, at: 3),
        Rejected("capitalised True", "True", .unexpectedByte, at: 0),
        Rejected("misspelt null", "nul1", .unexpectedByte, at: 3),
        Rejected("escaped quotes outside a string", "[\\\"a\\\"]", .unexpectedByte, at: 1),
        // Control characters in strings
        Rejected("raw control character", "\"a\u{01}\"", .unescapedControlCharacter, at: 2),
        Rejected("raw tab", "\"\t\"", .unescapedControlCharacter, at: 1),
        Rejected("raw newline", "\"a\nb\"", .unescapedControlCharacter, at: 2),
        Rejected("raw NUL", "\"\u{0}\"", .unescapedControlCharacter, at: 1),
        Rejected("raw control after an escape", "\"\\n\u{1F}\"", .unescapedControlCharacter, at: 3),
        Rejected("raw control after eight plain bytes", "\"abcdefgh\u{1F}\"", .unescapedControlCharacter, at: 9),
        Rejected("raw U+001F inside an eight-byte block", "\"abcdefgh\u{1F}ijklmnopqrst\"", .unescapedControlCharacter, at: 9),
        Rejected("raw U+0010 inside an eight-byte block", "\"abcdefghijk\u{10}lmnopqrst\"", .unescapedControlCharacter, at: 12),
        Rejected("raw control inside a block after an escape", "\"\\nabcdefgh\u{1F}ijklmnopqrst\"", .unescapedControlCharacter, at: 11),
        // Escapes
        Rejected("unknown escape", "\"\\x\"", .invalidEscape, at: 2),
        Rejected("escaped apostrophe", "\"\\'\"", .invalidEscape, at: 2),
        Rejected("short unicode escape", "\"\\u12\"", .invalidEscape, at: 5),
        Rejected("non-hex unicode escape", "\"\\u12G4\"", .invalidEscape, at: 5),
        Rejected("escape at end of input", "\"\\", .unexpectedEndOfInput, at: 2),
        Rejected("unicode escape cut by end of input", "\"\\u00", .unexpectedEndOfInput, at: 5),
        // Lone surrogates
        Rejected("lone high surrogate", "\"\\uD800\"", .loneSurrogate, at: 7),
        Rejected("lone low surrogate", "\"\\uDC00\"", .loneSurrogate, at: 1),
        Rejected("high surrogate then a letter escape", "\"\\uD800\\u0041\"", .loneSurrogate, at: 7),
        Rejected("high surrogate then text", "\"\\uD800x\"", .loneSurrogate, at: 7),
        Rejected("two high surrogates", "\"\\uD800\\uD800\"", .loneSurrogate, at: 7),
        Rejected("lone surrogate in a key", "{\"\\uDFAA\":0}", .loneSurrogate, at: 2),
        // Strings that do not end
        Rejected("unterminated string", "\"abc", .unexpectedEndOfInput, at: 4),
        Rejected("lone quote", "\"", .unexpectedEndOfInput, at: 1),
        Rejected("unterminated string after an escape", "\"a\\nbc", .unexpectedEndOfInput, at: 6),
        // Invalid UTF-8
        Rejected("byte FF", bytes: [0x22, 0xFF, 0x22], .invalidUTF8, at: 1),
        Rejected("lone continuation byte", bytes: [0x22, 0x61, 0x80, 0x22], .invalidUTF8, at: 2),
        Rejected("overlong NUL", bytes: [0x22, 0xC0, 0x80, 0x22], .invalidUTF8, at: 1),
        Rejected("overlong two-byte form", bytes: [0x22, 0xC1, 0xBF, 0x22], .invalidUTF8, at: 1),
        Rejected("overlong three-byte form", bytes: [0x22, 0xE0, 0x80, 0xAF, 0x22], .invalidUTF8, at: 1),
        Rejected("overlong four-byte form", bytes: [0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22], .invalidUTF8, at: 1),
        Rejected("UTF-8 encoded surrogate", bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8, at: 1),
        Rejected("above U+10FFFF", bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .invalidUTF8, at: 1),
        Rejected("lead byte F5", bytes: [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], .invalidUTF8, at: 1),
        Rejected("truncated sequence before the quote", bytes: [0x22, 0xE2, 0x82, 0x22], .invalidUTF8, at: 1),
        Rejected("invalid byte after eight valid ones", bytes: [0x22] + Array("abcdefgh".utf8) + [0xFE, 0x22], .invalidUTF8, at: 9),
        Rejected("invalid byte after an escape", bytes: Array("\"\\n".utf8) + [0xC0, 0xAF, 0x22], .invalidUTF8, at: 3),
        Rejected("invalid UTF-8 in a key", bytes: [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x30, 0x7D], .invalidUTF8, at: 2),
        Rejected("invalid byte outside strings", bytes: [0x5B, 0xFF, 0x5D], .unexpectedByte, at: 1),
        // Depth
        Rejected("513 levels of arrays", String(repeating: "[", count: 513) + String(repeating: "]", count: 513), .tooDeep, at: 512),
        Rejected("513 levels of objects",
                 String(repeating: "{\"a\":", count: 513) + "1" + String(repeating: "}", count: 513), .tooDeep, at: 512 * 5),
        Rejected("100000 opening brackets (no stack overflow)", String(repeating: "[", count: 100_000), .tooDeep, at: 512),
    ]

    @Test(arguments: accepted)
    func accepts(_ example: Accepted) throws {
        #expect(try JSONParser.parse(example.bytes) == example.value)
    }

    @Test(arguments: rejected)
    func rejects(_ example: Rejected) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(example.bytes) }
        do {
            _ = try JSONParser.parse(example.bytes)
        } catch {
            #expect(error.kind == example.kind)
            if let offset = example.offset { #expect(error.offset == offset) }
        }
    }

    @Test func numbersKeepTheirKind() throws {
        #expect(try JSONParser.parse("42") == .integer(42))
        #expect(try JSONParser.parse("-7") == .integer(-7))
        #expect(try JSONParser.parse("42.0") == .double(42))
        #expect(try JSONParser.parse("4.2e1") == .double(42))
        #expect(try JSONParser.parse("9223372036854775808") == .unsignedInteger(9_223_372_036_854_775_808))
        #expect(try JSONParser.parse("-9223372036854775809") == .double(-0x1p63))
    }

    @Test func aLowerDepthLimitIsHonoured() throws {
        let parser = JSONParser(maximumDepth: 2)
        #expect(try parser.parse("[[1]]") == [[1]])
        #expect(throws: JSONParseError.self) { try parser.parse("[[[1]]]") }
    }

    @Test func errorsDescribeTheOffsetAndWhatWasFound() {
        do {
            _ = try JSONParser.parse("{\"a\":1,}")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "byte 7: expected a string key, found '}'")
        }
        do {
            _ = try JSONParser.parse([0x22, 0x61, 0xFF, 0x22])
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "byte 2: expected well-formed UTF-8, found byte 0xFF")
        }
    }

    /// A malformed byte is caught wherever it sits in the eight-byte word
    /// that ends the string (the run before the quote is checked in one go),
    /// in values and in keys.
    @Test func malformedUTF8RightBeforeTheClosingQuoteIsRejectedAtEveryOffset() {
        for count in 0..<20 {
            let plain = [UInt8](repeating: UInt8(ascii: "a"), count: count)
            let string = [0x22] + plain + [0xFF, 0x22]
            #expect(throws: JSONParseError.self, "\(count) bytes before") { try JSONParser.parse(string) }
            #expect(throws: JSONParseError.self, "\(count) bytes before, in a key") {
                try JSONParser.parse([UInt8(ascii: "{")] + string + Array(":1}".utf8))
            }
        }
    }

    private static func nested(_ depth: Int) -> JSONValue {
        var value: JSONValue = []
        for _ in 1..<depth { value = [value] }
        return value
    }
}
