import BesterProtocol
import Testing

@Suite struct ServerMessageTests {
    private func text(_ message: ServerMessage, _ dialect: Dialect) -> String {
        JSONSerializer.string(message.json(in: dialect))
    }

    @Test func responsesInEachShape() {
        let success = ServerMessage.response(.success(type: "echo", id: "1", data: ["text": "hi"]))
        #expect(text(success, .v2) == #"{"header":{"status":"good","messageType":"statusReport"},"payload":{"type":"echo","id":"1","data":{"text":"hi"}}}"#)
        #expect(text(success, .v2_1) == text(success, .v2))
        #expect(text(success, .v3) == #"{"header":{"status":"good","messageType":"statusReport","type":"echo","id":"1"},"data":{"text":"hi"}}"#)
        let noId = ServerMessage.response(.success(type: "dummy", id: nil))
        #expect(text(noId, .v2) == #"{"header":{"status":"good","messageType":"statusReport"},"payload":{"type":"dummy","data":null}}"#)
    }

    @Test func failuresCarryTheErrorObject() {
        let report = ErrorReport(ValidationError(path: "payload.type", rule: .mustBeString))
        let failure = ServerMessage.response(.failure(report, id: "7"))
        #expect(text(failure, .v2) == #"{"header":{"status":"bad","messageType":"statusReport","error":{"code":"validation","path":"payload.type","message":"payload.type: must be a string"}},"payload":{"type":"","id":"7","data":null}}"#)
        #expect(text(failure, .v3) == #"{"header":{"status":"bad","messageType":"statusReport","type":"","id":"7","error":{"code":"validation","path":"payload.type","message":"payload.type: must be a string"}},"data":null}"#)
        let unknown = ServerMessage.response(.failure(ErrorReport(code: .unknownType, message: "no handler for type 'x'"), type: "x"))
        #expect(text(unknown, .v2) == #"{"header":{"status":"bad","messageType":"statusReport","error":{"code":"unknownType","message":"no handler for type 'x'"}},"payload":{"type":"x","data":null}}"#)
    }

    @Test func deliveriesAndNoticesInEachShape() {
        let delivery = ServerMessage.delivery(Delivery(type: "chat", from: "alice", data: ["text": "hi bob"]))
        #expect(text(delivery, .v2) == #"{"header":{"status":"good","messageType":"receivedMessage","from":"alice"},"payload":{"type":"chat","data":{"text":"hi bob"}}}"#)
        #expect(text(delivery, .v3) == #"{"header":{"status":"good","messageType":"receivedMessage","type":"chat","from":"alice"},"data":{"text":"hi bob"}}"#)
        let notice = ServerMessage.notice(Notice(event: .shutdown, message: "server is shutting down"))
        #expect(text(notice, .v2_1) == #"{"header":{"status":"good","messageType":"notice"},"payload":{"type":"server","data":{"event":"shutdown","message":"server is shutting down"}}}"#)
        #expect(text(notice, .v3) == #"{"header":{"status":"good","messageType":"notice","type":"server"},"data":{"event":"shutdown","message":"server is shutting down"}}"#)
    }

    static let messages: [ServerMessage] = [
        .response(.success(type: "echo", id: "1", data: [1, "two"])),
        .response(.success(type: "ping", id: nil, data: "pong")),
        .response(.failure(ErrorReport(code: .handlerFailed, message: "handler said 2", path: nil), type: "calc", id: "x", data: ["status": "2"])),
        .response(.failure(ErrorReport(code: ErrorCode(rawValue: "fromTheFuture"), message: "m", path: "p"))),
        .delivery(Delivery(type: "chat", from: "bob", data: nil)),
        .notice(Notice(event: NoticeEvent(rawValue: "maintenance"), message: "back soon")),
        .notice(Notice(event: .idleTimeout, message: "idle for 300 s")),
    ]

    @Test(arguments: messages, Dialect.allCases)
    func clientsReadBackWhatServersWrite(message: ServerMessage, dialect: Dialect) throws {
        let body = try JSONParser.parse(message.frame(in: dialect).dropFirst(4))
        #expect(try ServerMessage.parse(body, dialect: dialect) == message)
        var buffer = ByteBuffer()
        message.encodeFrame(in: dialect, into: &buffer)
        #expect(buffer.storage == message.frame(in: dialect))
    }

    @Test func referenceDaemonStatusReportsAndOlderShapesAreRead() throws {
        let reference = try JSONParser.parse(#"{"header":{"status":"good","messageType":"statusReport"},"payload":{"id":"3"}}"#)
        #expect(try ServerMessage.parse(reference, dialect: .v2) == .response(.success(type: "", id: "3", data: nil)))
        let bareBad = try JSONParser.parse(#"{"header":{"status":"bad"},"payload":{"type":"t","data":1}}"#)
        let parsed = try ServerMessage.parse(bareBad, dialect: .v2_1)
        #expect(parsed == .response(Response(status: .bad, type: "t", id: nil, data: 1, error: nil)))
        if case .response(let response) = parsed { #expect(!response.isSuccess) }
    }

    @Test func v2AndV21RecipientsGetTheSameBytes() throws {
        // What lets fan-out encode a delivery once for both (DeliveryEncodings in the server).
        let message = ServerMessage.delivery(Delivery(type: "chat", from: "alice", data: ["text": "hi"]))
        #expect(message.frame(in: .v2_1) == message.frame(in: .v2))
        #expect(message.frame(in: .v3) != message.frame(in: .v2))
    }

    @Test func errorReportsComeFromEachKindOfFailure() {
        #expect(ErrorReport(JSONParseError(kind: .unexpectedByte, offset: 3, expected: "a value", found: "'x'"))
                == ErrorReport(code: .invalidJSON, message: "byte 3: expected a value, found 'x'"))
        #expect(ErrorReport(FrameError.frameTooLarge(declared: 9, limit: 4, offset: 0)).code == .frameTooLarge)
        #expect(ErrorReport(FrameError.truncated(expected: 9, received: 4, offset: 0)).code == .invalidJSON)
        #expect(ErrorReport(ValidationError(path: "header.identify", rule: .dialectMismatch(connection: .v2, frame: .v3))).code == .dialectMismatch)
        #expect(JSONSerializer.string(ErrorReport(code: .throttled, message: "retry in 30 s").json) == #"{"code":"throttled","message":"retry in 30 s"}"#)
        #expect(ErrorReport(code: .internal, message: "bug").description == "internal: bug")
    }

    @Test func errorCodesAreTheDocumentedOnes() {
        #expect(ErrorCode.allKnown.map(\.rawValue) == [
            "invalidJSON", "validation", "dialectMismatch", "frameTooLarge", "authenticationFailed", "throttled",
            "notAuthenticated", "registrationClosed", "userExists", "invalidUsername", "invalidPassword", "unknownType",
            "handlerFailed", "handlerTimeout", "handlerUnavailable", "loopLimit", "unknownPeer", "rateLimited", "wrongPassword",
            "serverFull", "serverBusy", "shuttingDown", "internal",
        ])
        #expect(Set(ErrorCode.allKnown).count == ErrorCode.allKnown.count)
    }
}
