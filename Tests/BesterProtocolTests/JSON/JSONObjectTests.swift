import BesterProtocol
import Testing

@Suite struct JSONObjectTests {
    @Test func keepsInsertionOrderAndReplacesInPlace() {
        var object: JSONObject = ["z": 1, "a": 2]
        object["m"] = 3
        object["z"] = 4
        #expect(object.keys == ["z", "a", "m"])
        #expect(object.values == [4, 2, 3])
        #expect(object.map(\.key) == ["z", "a", "m"])
        object["a"] = nil
        #expect(object.keys == ["z", "m"])
        #expect(object.count == 2)
        #expect(!object.contains("a"))
        object["absent"] = nil
        #expect(object.count == 2)
    }

    @Test func nullIsAValueNotAnAbsence() {
        let object: JSONObject = ["n": nil]
        #expect(object.contains("n"))
        #expect(object["n"] == .null)
        #expect(object["missing"] == nil)
    }

    @Test func equalityAndHashIgnoreOrder() {
        let first: JSONObject = ["a": 1, "b": [1, 2]]
        let second: JSONObject = ["b": [1, 2], "a": 1]
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(first != ["a": 1, "b": [2, 1]])
        #expect(first != ["a": 1])
    }

    @Test func largeObjectsLookUpRemoveAndKeepOrder() {
        var object = JSONObject()
        for index in 0..<40 { object["key\(index)"] = .integer(Int64(index)) }
        #expect(object["key33"] == 33)
        object["key5"] = nil
        object["key6"] = "six"
        #expect(object["key5"] == nil)
        #expect(object["key6"] == "six")
        #expect(object["key39"] == 39)
        #expect(object.keys.first == "key0")
        #expect(object.count == 39)
        for index in 0..<30 { object["key\(index)"] = nil }
        #expect(object.count == 10)
        #expect(object["key35"] == 35)
    }

    @Test func parsedLargeObjectWithRepeatedKeysKeepsFirstPositionLastValue() throws {
        var text = "{"
        for index in 0..<20 { text += "\"k\(index)\":\(index)," }
        text += "\"k3\":\"again\"}"
        let object = try #require(try JSONParser.parse(text).objectValue)
        #expect(object.count == 20)
        #expect(object["k3"] == "again")
        #expect(object.keys[3] == "k3")
    }

    @Test func parsedSmallObjectWithRepeatedKeysKeepsFirstPositionLastValue() throws {
        let object = try #require(try JSONParser.parse(#"{"a":1,"b":2,"a":3}"#).objectValue)
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 3)
    }

    @Test func accessorsReadTypedValues() throws {
        var value = try JSONParser.parse(#"{"s":"x","b":true,"i":-3,"d":2.0,"f":2.5,"u":18446744073709551615,"a":[1],"o":{}}"#)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["b"]?.boolValue == true)
        #expect(value["i"]?.intValue == -3)
        #expect(value["d"]?.int64Value == 2)
        #expect(value["f"]?.int64Value == nil)
        #expect(value["u"]?.uint64Value == UInt64.max)
        #expect(value["i"]?.uint64Value == nil)
        #expect(value["f"]?.doubleValue == 2.5)
        #expect(value["a"]?[0] == 1)
        #expect(value["a"]?[1] == nil)
        #expect(value["o"]?.objectValue == JSONObject())
        #expect(value["s"]?.kindName == "string")
        #expect(value["missing"] == nil)
        value["new"] = "added"
        #expect(value["new"] == "added")
        #expect(JSONValue.null.isNull)
    }
}
