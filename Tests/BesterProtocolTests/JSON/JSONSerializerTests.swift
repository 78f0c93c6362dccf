import BesterProtocol
import Testing

@Suite struct JSONSerializerTests {
    @Test func compactFormIsCanonical() {
        let value: JSONValue = ["b": 1, "a": [true, false, nil], "c": ["d": "e"], "n": -12, "x": 0.5]
        #expect(JSONSerializer.string(value) == #"{"b":1,"a":[true,false,null],"c":{"d":"e"},"n":-12,"x":0.5}"#)
    }

    @Test func stringsAreEscapedMinimally() {
        let text = "q\" b\\ s/ \u{8}\u{C}\n\r\t \u{0}\u{1F}\u{7F} é 😀"
        #expect(JSONSerializer.string(.string(text))
                == "\"q\\\" b\\\\ s/ \\b\\f\\n\\r\\t \\u0000\\u001f\u{7F} é 😀\"")
    }

    @Test func escapesAreFoundBeyondTheFirstEightBytes() {
        #expect(JSONSerializer.string("0123456789abcdef\"0123456789\\")
                == "\"0123456789abcdef\\\"0123456789\\\\\"")
    }

    /// The serializer and the parser jump eight bytes at a time straight to
    /// the first byte needing an escape: it must be found at every offset of
    /// a word, after plain, near-miss and non-ASCII bytes, and before later
    /// escapes of other kinds.
    @Test(arguments: ["\"", "\\", "\n", "\t", "\r", "\u{8}", "\u{C}", "\u{1}", "\u{1F}"])
    func theFirstEscapeIsFoundAtEveryOffset(escape: String) throws {
        for filler in ["a", " ", "!", "#", "[", "]", "\u{7F}", "é"] {
            for count in 0..<20 {
                let text = String(repeating: filler, count: count) + escape + "tail\"\\\n" + String(repeating: filler, count: 9)
                let encoded = JSONSerializer.string(.string(text))
                #expect(encoded == "\"" + Self.escaped(text) + "\"", "filler \(filler) x \(count)")
                #expect(try JSONParser.parse(encoded) == .string(text), "filler \(filler) x \(count)")
            }
        }
    }

    /// The minimal escaping, one character at a time.
    private static func escaped(_ text: String) -> String {
        text.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case "\u{8}": return "\\b"
            case "\u{C}": return "\\f"
            case "\n": return "\\n"
            case "\r": return "\\r"
            case "\t": return "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: return String(scalar)
            }
        }.joined()
    }

    @Test func integersAtTheEdges() {
        #expect(JSONSerializer.string(.integer(Int64.min)) == "-9223372036854775808")
        #expect(JSONSerializer.string(.integer(Int64.max)) == "9223372036854775807")
        #expect(JSONSerializer.string(.unsignedInteger(UInt64.max)) == "18446744073709551615")
        #expect(JSONSerializer.string(.integer(0)) == "0")
        #expect(JSONSerializer.string(.integer(10)) == "10")
        #expect(JSONSerializer.string(.integer(-9)) == "-9")
    }

    @Test func doublesUseTheShortestRoundTripFormAndNonFiniteBecomesNull() {
        #expect(JSONSerializer.string(.double(0.1)) == "0.1")
        #expect(JSONSerializer.string(.double(3)) == "3.0")
        #expect(JSONSerializer.string(.double(1e21)) == "1e+21")
        #expect(JSONSerializer.string([.double(.infinity), .double(-.infinity), .double(.nan)]) == "[null,null,null]")
    }

    @Test func prettyStringIndents() {
        let value: JSONValue = ["a": [1, 2], "b": [:], "c": []]
        #expect(JSONSerializer.prettyString(value) == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {},\n  \"c\": []\n}")
        #expect(JSONSerializer.prettyString(value, indent: 0) == "{\n\"a\": [\n1,\n2\n],\n\"b\": {},\n\"c\": []\n}")
    }

    @Test func serializingAppendsToExistingBytes() {
        var bytes: [UInt8] = Array("x".utf8)
        JSONSerializer.serialize([1], into: &bytes)
        #expect(bytes == Array("x[1]".utf8))
        var buffer = ByteBuffer(bytes: Array("y".utf8))
        JSONSerializer.serialize("z", into: &buffer)
        #expect(buffer.readableView.elementsEqual("y\"z\"".utf8))
    }

    @Test func largeOutputGrowsTheBuffer() throws {
        let value = JSONValue.array((0..<5000).map { .string("element \($0) with some text") })
        let bytes = JSONSerializer.bytes(value)
        #expect(bytes.count > 100_000)
        #expect(try JSONParser.parse(bytes) == value)
    }

    @Test func descriptionIsTheCompactText() {
        let value: JSONValue = ["a": "b"]
        #expect(value.description == #"{"a":"b"}"#)
    }
}
