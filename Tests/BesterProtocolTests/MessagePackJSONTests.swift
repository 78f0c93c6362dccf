import Testing
import BesterProtocol

/// Conversions between MessagePack and JSON, and the canonical text.
@Suite struct MessagePackJSONTests {
    @Test func jsonMapsToMessagePackAndBack() throws {
        let json = try JSONParser.parse(#"{"a":[1,-2,18446744073709551615,2.5,"x",true,false,null],"b":{"c":{}}}"#)
        let value = MessagePackValue(json)
        #expect(value["a"]?[2] == .unsignedInteger(UInt64.max))
        #expect(value["a"]?[3] == .double(2.5))
        #expect(value["a"]?[7] == .nil)
        #expect(value["b"]?["c"] == .map([]))
        #expect(try JSONValue(value) == json)
        // Key order survives both ways.
        #expect(JSONSerializer.string(try JSONValue(value)) == JSONSerializer.string(json))
    }

    @Test func float32WidensExactly() throws {
        #expect(try JSONValue(.float(0.5)) == .double(0.5))
        #expect(try JSONValue(.float(0.1)) == .double(Double(Float(0.1))))
    }

    static let valuesWithoutJSONForm: [(MessagePackValue, String)] = [
        (MessagePackValue.binary([1]), "value: binary data has no JSON form"),
        (.extension(type: 4, data: []), "value: extension type 4 has no JSON form"),
        (.timestamp(MessagePackTimestamp(seconds: 0)!), "value: a timestamp has no JSON form"),
        (.double(.infinity), "value: inf has no JSON form"),
        (.float(.nan), "value: nan has no JSON form"),
        (["ok", ["x", .binary([])]], "[1][1]: binary data has no JSON form"),
        (.map([MessagePackMapEntry(key: "user", value: .map([MessagePackMapEntry(key: "avatar", value: .binary([0]))]))]),
         "user.avatar: binary data has no JSON form"),
        (.map([MessagePackMapEntry(key: "a", value: 1), MessagePackMapEntry(key: 2, value: 3)]),
         "value: key of entry 1 is integer; JSON keys are strings"),
    ]

    @Test(arguments: valuesWithoutJSONForm)
    func valuesWithoutJSONFormAreNamedErrors(value: MessagePackValue, message: String) throws {
        let error = try #require(throws: MessagePackJSONConversionError.self) { try JSONValue(value) }
        #expect(error.description == message)
    }

    @Test func repeatedStringKeysKeepTheLastValue() throws {
        let value = MessagePackValue.map([
            MessagePackMapEntry(key: "a", value: 1), MessagePackMapEntry(key: "b", value: 2), MessagePackMapEntry(key: "a", value: 3),
        ])
        #expect(try JSONValue(value) == ["a": 3, "b": 2])
        #expect(value["a"] == 3)
    }

    @Test func accessors() {
        let value: MessagePackValue = ["s", true, 3, .binary([1]), [1], .map([])]
        #expect(value[0]?.stringValue == "s")
        #expect(value[1]?.boolValue == true)
        #expect(value[2]?.int64Value == 3)
        #expect(value[3]?.binaryValue == [1])
        #expect(value[4]?.arrayValue == [1])
        #expect(value[5]?.mapValue == [])
        #expect(value[6] == nil)
        #expect(value[0]?.boolValue == nil)
        #expect(value["key"] == nil)
        #expect(value.kindName == "array")
        #expect(MessagePackValue.unsignedInteger(UInt64.max).int64Value == nil)
    }

    static let canonicalTexts: [(MessagePackValue, String)] = [
        (MessagePackValue.nil, "null"),
        (true, "true"),
        (-5, "-5"),
        (.unsignedInteger(UInt64.max), "18446744073709551615"),
        (.double(1), "1.0"),
        (.double(0.1), "0.1"),
        (.float(0.1), "0.1"),
        (.double(-.infinity), "-Infinity"),
        (.float(.nan), "NaN"),
        ("a\"b\n", #""a\"b\n""#),
        (.binary([0x68, 0x69, 0x0A]), #"bin("68690a")"#),
        (.binary([]), #"bin("")"#),
        (.extension(type: -3, data: [1, 2]), #"ext(-3,"0102")"#),
        (.timestamp(MessagePackTimestamp(seconds: -1, nanoseconds: 500_000_000)!), "timestamp(-1,500000000)"),
        (["update", .map([MessagePackMapEntry(key: "a", value: 1), MessagePackMapEntry(key: 2, value: [])])],
         #"["update",{"a":1,2:[]}]"#),
    ]

    @Test(arguments: canonicalTexts)
    func canonicalText(value: MessagePackValue, text: String) {
        #expect(value.description == text)
    }
}
