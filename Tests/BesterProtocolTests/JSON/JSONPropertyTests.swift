import BesterProtocol
import Testing

/// Properties over seeded random values: serialization and parsing are inverses.
@Suite struct JSONPropertyTests {
    @Test(arguments: [1 as UInt64, 2, 3, 4, 5, 6, 7, 8])
    func randomValuesRoundTripThroughSerializeAndParse(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<250 {
            let value = RandomJSON.value(using: &generator)
            let text = JSONSerializer.bytes(value)
            let parsed = try JSONParser.parse(text)
            #expect(parsed == value, "seed \(seed): \(JSONSerializer.string(value))")
            // Canonical form is a fixed point.
            #expect(JSONSerializer.bytes(parsed) == text)
            // The pretty form parses to the same value.
            #expect(try JSONParser.parse(JSONSerializer.prettyString(value)) == value)
        }
    }

    @Test func randomDoublesRoundTripExactly() throws {
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<5000 {
            let number = RandomJSON.double(using: &generator)
            let parsed = try JSONParser.parse(JSONSerializer.bytes(.double(number)))
            guard case .double(let back) = parsed else {
                Issue.record("\(number) came back as \(parsed)")
                continue
            }
            #expect(back.bitPattern == number.bitPattern, "\(number)")
        }
    }

    @Test func randomStringsRoundTripAndStayValidUTF8() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            let text = RandomJSON.string(using: &generator)
            let bytes = JSONSerializer.bytes(.string(text))
            #expect(UTF8Validation.isValid(bytes))
            #expect(try JSONParser.parse(bytes) == .string(text))
        }
    }
}
