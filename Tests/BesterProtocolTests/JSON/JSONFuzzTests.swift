import BesterProtocol
import Testing

/// Thousands of random and mutated inputs: the parser must answer every one
/// with a value or a ``JSONParseError`` inside the input, never crash, and
/// whatever it accepts must survive a round trip. The protocol layers on top
/// must not crash either.
@Suite struct JSONFuzzTests {
    private static let seeds: [[UInt8]] = [
        #"{"header":{"authentication":{"username":"alice","password":"secret"},"scope":"client"},"payload":{"type":"echo","data":{"text":"hi","n":[1,2.5,-3e4,true,null]},"id":"1"}}"#,
        #"{"header":{"identify":{"type":"client","authentication":{"username":"a","password":"b"}}},"payload":{"type":"x","data":"\u00e9\ud83d\ude00\n"}}"#,
        #"{"header":{"status":"0","command":{"type":"sendClients","data":["alice","bob"]}},"data":{"text":"hi"}}"#,
        #"{"header":{"status":"ok","command":"sendHandler","commandData":"log"},"payload":{"type":"t","data":[{"a":1}],"id":2}}"#,
        #"[0,-0,1e-7,12345678901234567890123,"a\"b\\c",{"":{}},[[[]]]]"#,
        "{\"k\":\"日本語 é 😀\"}",
        #"{"header":{"scope":"client"},"payload":{"type":"echo","id":"7","data":{"a":[1,"b"]}}}"#,
        #"{"payload":{"type":"echo","data":"x"},"header":{"authentication":{"username":"a","password":"b"}}}"#,
        #"{"header":{"status":"0","command":"reply"},"payload":{"data":{"a":[1,"}}"]}}}"#,
        #"{"header":{"status":"0","command":{"type":"reply"}},"data":[{"b":"}"}]}"#,
    ].map { Array($0.utf8) }

    @Test func randomBytesNeverCrashTheParser() {
        var generator = SeededGenerator(seed: 0xF022)
        let alphabet = Array("{}[]\",:.-+eE0123456789tfnulrsa\\/ \n\tu".utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xA9, 0xED, 0xF0, 0xFF]
        for _ in 0..<4000 {
            let count = Int.random(in: 0..<64, using: &generator)
            let bytes: [UInt8] = (0..<count).map { _ in
                Bool.random(using: &generator)
                    ? alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
                    : UInt8.random(in: 0...255, using: &generator)
            }
            check(bytes)
        }
    }

    @Test func mutatedMessagesNeverCrashTheParserOrTheModels() {
        var generator = SeededGenerator(seed: 0xBE57)
        for _ in 0..<6000 {
            var bytes = Self.seeds[Int.random(in: 0..<Self.seeds.count, using: &generator)]
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                mutate(&bytes, using: &generator)
            }
            check(bytes)
        }
    }

    private func mutate(_ bytes: inout [UInt8], using generator: inout SeededGenerator) {
        guard !bytes.isEmpty else {
            bytes.append(UInt8.random(in: 0...255, using: &generator))
            return
        }
        let position = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<6, using: &generator) {
        case 0: bytes[position] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
        case 1: bytes.remove(at: position)
        case 2: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
        case 3: bytes.removeSubrange(position...)
        case 4: bytes.insert(contentsOf: bytes[position..<min(bytes.count, position + 8)], at: position)
        default: bytes[position] = Array("{}[]\",:\\".utf8)[Int.random(in: 0..<8, using: &generator)]
        }
    }

    private func check(_ bytes: [UInt8]) {
        let replyReadings = replyFrameReadings(bytes)
        #expect(replyReadings.frame == replyReadings.tree)
        for dialect in Dialect.allCases {
            let readings = requestFrameReadings(bytes, dialect: dialect)
            #expect(readings.frame == nil || readings.frame == readings.tree, "\(dialect)")
        }
        do {
            let value = try JSONParser.parse(bytes)
            #expect(UTF8Validation.isValid(bytes))
            #expect(try JSONParser.parse(JSONSerializer.bytes(value)) == value)
            for dialect in [nil] + Dialect.allCases.map(Optional.some) {
                _ = try? InboundFrame.parse(value, connectionDialect: dialect)
            }
            for dialect in Dialect.allCases { _ = try? ServerMessage.parse(value, dialect: dialect) }
            _ = try? HandlerReply.parse(value)
            _ = try? BuiltinCommand.parse(data: value)
        } catch {
            #expect((0...bytes.count).contains(error.offset), "offset \(error.offset) outside \(bytes.count) bytes")
        }
    }
}
