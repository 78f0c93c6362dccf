import BesterProtocol

/// `bester-bench msgpack`: MessagePack decode/encode throughput on chat-sized
/// messages (the `003` msg_group request and update), next to the same
/// content as JSON through this project's JSONParser and JSONSerializer.
struct MessagePackCodecScenario: Scenario {
    let name = "msgpack"
    let summary = "MessagePack chat messages: decode/encode MB/s, and the same content as JSON"

    /// One message in both encodings.
    struct Sample {
        let label: String
        let value: MessagePackValue
        let messagePack: [UInt8]
        let json: [UInt8]
    }

    static func samples() -> [Sample] {
        let token = "6f1c0b5e-2a8e-4f5a-9a53-1b2c3d4e5f60"
        let content = "Has anyone tried the new release? The async sequences are much nicer now, "
            + "and the build got faster on my machine."
        let request = MessagePackChatRequest.msgGroup(username: "alice", token: token, groupName: "swift-on-linux", content: content)
        let update = MessagePackChatUpdate.msgGroup(groupName: "swift-on-linux", sender: "alice", content: content)
        return [
            sample("msg_group request", request.messagePackValue),
            sample("msg_group update", update.messagePackValue),
        ]
    }

    static func sample(_ label: String, _ value: MessagePackValue) -> Sample {
        // Every element is a str, so the JSON form exists.
        let json = (try? JSONValue(value)).map(JSONSerializer.bytes) ?? []
        return Sample(label: label, value: value, messagePack: MessagePackWriter.encode(value), json: json)
    }

    /// `--trials N` (default 7) runs of `--milliseconds M` (default 300) per
    /// row; the best run is reported, as the least disturbed by other load.
    func run(arguments: [String]) async throws {
        let trials = arguments.option("trials").flatMap { Int($0) } ?? 7
        let milliseconds = arguments.option("milliseconds").flatMap { Int($0) } ?? 300
        let duration = Duration.milliseconds(milliseconds)
        var sink = 0
        print("bester-bench msgpack: best of \(trials) runs of \(milliseconds) ms per row; MB = 10^6 bytes of the encoded form")
        print(pad("sample", 19) + pad("operation", 46) + pad("bytes", 7) + pad("MB/s", 9) + "messages/s")
        for sample in Self.samples() {
            let jsonValue = try JSONParser.parse(sample.json)
            let batch = Array(repeating: sample.messagePack, count: 100).flatMap { $0 }

            var rows: [(String, Int, () throws -> Void)] = [
                ("MessagePack decode (value)", sample.messagePack.count, {
                    sink &+= try MessagePackDecoder().decode(sample.messagePack).arrayValue?.count ?? 0
                }),
                ("MessagePack stream decode, 100 back to back", batch.count, {
                    var decoder = MessagePackStreamDecoder()
                    decoder.append(batch)
                    while let value = try decoder.next() { sink &+= value.arrayValue?.count ?? 0 }
                }),
                ("MessagePack encode (value)", sample.messagePack.count, {
                    sink &+= MessagePackWriter.encode(sample.value).count
                }),
                ("JSON parse (same content)", sample.json.count, {
                    sink &+= try JSONParser.parse(sample.json).arrayValue?.count ?? 0
                }),
                ("JSON serialize (same content)", sample.json.count, {
                    sink &+= JSONSerializer.bytes(jsonValue).count
                }),
            ]
            if sample.label.hasSuffix("request") {
                let request = try MessagePackChatRequest(decoding: sample.messagePack)
                rows.insert(("MessagePack decode + validate request", sample.messagePack.count, {
                    sink &+= try MessagePackChatRequest(decoding: sample.messagePack).username.utf8.count
                }), at: 1)
                rows.insert(("MessagePack encode request model", sample.messagePack.count, {
                    sink &+= request.encoded().count
                }), at: 4)
            } else {
                let update = try MessagePackChatUpdate(sample.value)
                rows.insert(("MessagePack encode update model", sample.messagePack.count, {
                    sink &+= update.encoded().count
                }), at: 3)
            }
            for (operation, bytes, body) in rows {
                var rate = 0.0
                for _ in 0..<trials {
                    rate = max(rate, try Stopwatch.megabytesPerSecond(bytesPerCall: bytes, duration: duration, body))
                }
                let perMessage = operation.contains("100 back to back") ? bytes / 100 : bytes
                print(pad(sample.label, 19) + pad(operation, 46) + pad(String(perMessage), 7)
                      + pad(format(rate), 9) + format(rate * 1e6 / Double(perMessage), decimals: 0))
            }
        }
        if sink == 42 { print("") }  // keeps the work observable to the optimiser
    }

    private func format(_ value: Double, decimals: Int = 1) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return decimals == 0 ? String(Int(rounded)) : String(rounded)
    }
}
