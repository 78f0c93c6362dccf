import BesterProtocol

/// Realistic Bester traffic for the codec benchmark: v2.1 chat requests
/// whose data grows (nested objects and arrays, strings with escapes and
/// non-ASCII text, integers and decimals) until the frame body reaches a
/// target size.
enum CodecSamples {
    /// A named message and its compact JSON body.
    struct Sample {
        let name: String
        let value: JSONValue
        let body: [UInt8]
    }

    /// The sizes measured: about 200 B, 1 KiB, 16 KiB and 64 KiB.
    static let all: [Sample] = [
        sample(name: "200 B", targetBytes: 200),
        sample(name: "1 KiB", targetBytes: 1024),
        sample(name: "16 KiB", targetBytes: 16 * 1024),
        sample(name: "64 KiB", targetBytes: 64 * 1024),
    ]

    private static let texts = [
        "Hello \"bob\", are you coming tonight?",
        "Grüße aus München – bis später! 🎉",
        "path: C:\\Users\\alice\\notes.txt\nline two\ttabbed",
        "日本語のメッセージです。",
        "ok",
        "Ça marche, on se voit à 20h ? Apporte le café ☕",
    ]

    private static func sample(name: String, targetBytes: Int) -> Sample {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var messages: [JSONValue] = []
        func request() -> JSONValue {
            let data: JSONValue
            if targetBytes <= 256 {
                data = ["room": "général", "text": "Grüße, \"Bob\"!", "sentAt": 1_700_000_000_123]
            } else {
                data = ["room": "général", "messages": .array(messages)]
            }
            return [
                "header": ["authentication": ["username": "alice", "password": "correct horse"], "scope": "client"],
                "payload": ["type": "chat", "id": "req-000042", "data": data],
            ]
        }
        var value = request()
        while targetBytes > 256, JSONSerializer.bytes(value).count < targetBytes {
            let index = Int(next() % UInt64(texts.count))
            messages.append([
                "from": .string(["alice", "bob", "carol", "dmitri"][Int(next() % 4)]),
                "text": .string(texts[index]),
                "sentAt": .integer(1_700_000_000_000 + Int64(next() % 1_000_000)),
                "score": .double(Double(next() % 10_000) / 100),
                "read": .bool(next() % 2 == 0),
                "tags": ["inbox", .string("t\(next() % 50)")],
                "reply": next() % 3 == 0 ? .null : ["to": .string("m\(next() % 1000)")],
            ])
            value = request()
        }
        return Sample(name: name, value: value, body: JSONSerializer.bytes(value))
    }
}
