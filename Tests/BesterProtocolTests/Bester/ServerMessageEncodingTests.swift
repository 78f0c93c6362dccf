import Testing
@testable import BesterProtocol

/// The direct frame writer must produce exactly the bytes of serializing the
/// message's JSON tree, for every kind of message and every dialect.
@Suite struct ServerMessageEncodingTests {
    static let messages: [ServerMessage] = [
        .response(.success(type: "echo", id: "1", data: ["text": "hi", "n": 42])),
        .response(.success(type: "ping", id: nil, data: "pong")),
        .response(.success(type: "quote\"d\\type\n", id: "id with \"quotes\" and é", data: [1, 2.5, nil, true])),
        .response(.failure(ErrorReport(code: .validation, message: "payload.type: must be a string", path: "payload.type"),
                           type: "", id: "7")),
        .response(.failure(ErrorReport(code: .handlerFailed, message: "no"), type: "calc", id: nil, data: ["status": "2"])),
        .delivery(Delivery(type: "chat", from: "alice", data: ["text": "hi bob", "nested": ["deep": [[], [:]]]])),
        .delivery(Delivery(type: "", from: "", data: .null)),
        .notice(Notice(event: .shutdown, message: "the server is shutting down")),
    ]

    @Test(arguments: messages, Dialect.allCases)
    func directFramesEqualSerializedTrees(_ message: ServerMessage, _ dialect: Dialect) {
        #expect(message.frame(in: dialect) == FrameEncoder.frame(message.json(in: dialect)))
        var buffer = ByteBuffer(bytes: [9, 9])
        message.encodeFrame(in: dialect, into: &buffer)
        #expect(Array(buffer.readableView) == [9, 9] + FrameEncoder.frame(message.json(in: dialect)))
    }
}
