import BesterProtocol
import Testing

@Suite struct HandlerProtocolTests {
    @Test func bothShapesOfTheDocumentedExampleReadAlike() throws {
        let specification = try JSONParser.parse(#"{"header":{"status":"0","command":"sendClients","commandData":["alice","bob"]},"payload":{"type":"chat","data":{"text":"hi"}}}"#)
        let reference = try JSONParser.parse(#"{"header":{"status":"0","command":{"type":"sendClients","data":["alice","bob"]}},"data":{"text":"hi"}}"#)
        #expect(HandlerReplyShape.detect(specification) == .specification)
        #expect(HandlerReplyShape.detect(reference) == .reference)
        let fromSpecification = try HandlerReply.parse(specification)
        let fromReference = try HandlerReply.parse(reference)
        #expect(fromSpecification.command == .sendClients(["alice", "bob"]))
        #expect(fromSpecification.type == "chat")
        #expect(fromReference.type == nil)
        #expect(fromReference.command == fromSpecification.command)
        #expect(fromReference.data == fromSpecification.data)
        // Built in Swift, each shape is written back exactly.
        #expect(fromSpecification.json(shape: .specification) == specification)
        #expect(JSONSerializer.string(fromReference.json(shape: .reference)) == JSONSerializer.string(reference))
    }

    static let replies: [HandlerReply] = [
        HandlerReply(command: .reply, data: ["answer": 42]),
        HandlerReply(status: "ok", command: .sendClients(["alice"]), type: "chat", data: "hi"),
        HandlerReply(status: "good", command: .sendServers(["peer1", "peer2"]), data: nil),
        HandlerReply(status: "0", command: .sendHandler("logger"), type: "", data: [1, 2]),
        HandlerReply(status: "E42", command: .reply, data: "no such user"),
        HandlerReply(command: .reply, type: "notice", data: [nil, "}}"]),
    ]

    @Test(arguments: replies, HandlerReplyShape.allCases)
    func repliesRoundTripInEachShape(reply: HandlerReply, shape: HandlerReplyShape) throws {
        var expected = reply
        if shape == .reference { expected.type = nil }
        let bytes = FrameEncoder.frame(reply.json(shape: shape))
        #expect(try HandlerReply.parse(JSONParser.parse(bytes.dropFirst(4))) == expected)
    }

    @Test(arguments: replies, HandlerReplyShape.allCases)
    func replyFramesReadBackInEachShape(reply: HandlerReply, shape: HandlerReplyShape) throws {
        var expected = reply
        if shape == .reference { expected.type = nil }
        var writer = FrameWriter()
        var workspace = JSONParseWorkspace()
        let frame = writer.withFrame(of: reply, shape: shape) { Array($0.dropFirst(4)) }
        let read = try frame.withUnsafeBytes { body throws(HandlerReplyFrameError) in
            try HandlerReply.parse(frame: body, reusing: &workspace)
        }
        #expect(read == expected)
    }

    @Test(arguments: replies + [HandlerReply(status: "q\"s\\", command: .sendClients(["é", "a\nb"]), type: "t\"", data: ["k": [nil, 1.5]])],
          HandlerReplyShape.allCases)
    func directReplyFramesEqualSerializedTrees(reply: HandlerReply, shape: HandlerReplyShape) {
        var writer = FrameWriter()
        let direct = writer.withFrame(of: reply, shape: shape) { Array($0) }
        #expect(direct == FrameEncoder.frame(reply.json(shape: shape)))
    }

    /// Replies the member-by-member reader takes, and ones it must hand to
    /// the full parse: each must read exactly as the tree does.
    static let replyFrames: [String] = [
        #"{"header":{"status":"0","command":"reply"},"payload":{"data":"hi"}}"#,
        #" { "header" : { "status" : "ok" , "command" : "sendClients" , "commandData" : [ "alice" , "bob" ] } , "payload" : { "type" : "chat" , "data" : { "a" : [ 1 , 2.5 ] } } } "#,
        #"{"payload":{"data":1,"id":7,"type":"t"},"extra":[{"x":null}],"header":{"trace":{"n":1},"command":"reply","status":"E1"}}"#,
        #"{"header":{"status":"0","command":{"type":"sendHandler","data":"archive"}},"data":{"x":1}}"#,
        #"{"header":{"status":"0","command":{"type":"reply"}},"data":null,"payload":5}"#,
        #"{"header":{"status":"0","command":"reply"},"payload":{"data":1,"data":2}}"#,
        #"{"header":{"status":"0","status":"1","command":"reply"},"payload":{"data":1}}"#,
        #"{"header":{"status":"0","command":"reply"},"header":{"status":"0","command":"sendHandler","commandData":"x"},"payload":{"data":1}}"#,
        #"{"h\u0065ader":{"status":"0","command":"reply"},"payload":{"d\u0061ta":"escaped keys"}}"#,
        #"{"header":{"status":"0","command":"reply"},"payload":{"data":"\u00e9\ud83d\ude00"}}"#,
        #"{"header":{"status":"0","command":"reply"},"payload":{"data":1}} x"#,
        #"{"header":{"status":"0","command":"reply"},"payload":{"data":1},}"#,
        #"{"header":{"status":"0","command":"reply"},"payload":{"data":[1,]}}"#,
        #"{"header":[],"payload":{"data":1}}"#,
        #"{"header":{"status":"0","command":"reply"}}"#,
        "\u{FEFF}{\"header\":{\"status\":\"0\",\"command\":\"reply\"},\"payload\":{\"data\":1}}",
        #"{"header":{"status":"0","command":"reply"},"payload":{"data":"#,
        "[]",
        // The layout of a plain answer around something that is not one.
        #"{"header":{"status":"0","command":"reply"},"payload":{"data": [ "}}" , 1 ] }}"#,
        #"{"header":{"status":"0","command":"reply"},"payload":{"data":1},"payload":{"data":2}}"#,
        #"{"header":{"status":"0","command":"reply"},"payload":{"data":1,"type":"t"}}"#,
        #"{"header":{"status":"0","command":"reply"},"payload":{"data":1},"header":{"status":"1","command":"reply"}}"#,
        #"{"header":{"status":"0","command":"reply"},"payload":{"data":tru}}"#,
        #"{"header":{"status":"0","command":"reply"},"payload":{"data":}}"#,
        #"{"header":{"status":"0","command":{"type":"reply"}},"data":{"a":"}"}}"#,
        #"{"header":{"status":"0","command":{"type":"reply"}},"data":1,"data":2}"#,
        #"{"header":{"status":"0","command":{"type":"reply"}},"data":1,"header":{"status":"1","command":"reply"}}"#,
        #"{"header":{"status":"0","command":{"type":"reply"}},"data":}"#,
    ]

    @Test(arguments: replyFrames)
    func readingAReplyFrameAgreesWithParsingItsTree(_ text: String) {
        let (fromFrame, fromTree) = replyFrameReadings(Array(text.utf8))
        #expect(fromFrame == fromTree)
    }

    @Test func repliesNestedUpToTheDepthLimitReadAlikeFromFrameAndTree() {
        let parser = JSONParser(maximumDepth: 6)
        for depth in 1...6 {
            let data = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            for text in [#"{"header":{"status":"0","command":"reply"},"data":0,"payload":{"data":\#(data)}}"#,
                         #"{"header":{"status":"0","command":"reply"},"payload":{"data":\#(data)}}"#,
                         #"{"header":{"status":"0","command":{"type":"reply"}},"data":\#(data)}"#] {
                let (fromFrame, fromTree) = replyFrameReadings(Array(text.utf8), parser: parser)
                #expect(fromFrame == fromTree, "depth \(depth): \(text)")
            }
        }
    }

    @Test func successStatusesAreZeroOkAndGood() {
        for status in ["0", "ok", "good"] { #expect(HandlerReply(status: status, command: .reply, data: nil).isSuccess) }
        for status in ["1", "OK", "bad", "", "error"] { #expect(!HandlerReply(status: status, command: .reply, data: nil).isSuccess) }
    }

    @Test func oneRecipientMayBeAPlainString() throws {
        let reply = try HandlerReply.parse(JSONParser.parse(#"{"header":{"status":"0","command":"sendClients","commandData":"bob"},"payload":{"data":1}}"#))
        #expect(reply.command == .sendClients(["bob"]))
        let reference = try HandlerReply.parse(JSONParser.parse(#"{"header":{"status":"0","command":{"type":"sendServers","data":"peer"}},"data":1}"#))
        #expect(reference.command == .sendServers(["peer"]))
    }

    @Test func replyIgnoresCommandDataAndHandlerTypeIsAString() throws {
        let reply = try HandlerReply.parse(JSONParser.parse(#"{"header":{"status":"0","command":"reply","commandData":{"junk":1}},"payload":{"data":1}}"#))
        #expect(reply.command == .reply)
        let passOn = try HandlerReply.parse(JSONParser.parse(#"{"header":{"status":"0","command":{"type":"sendHandler","data":"archive"}},"data":{"x":1}}"#))
        #expect(passOn.command == .sendHandler("archive"))
        #expect(passOn.command.commandData == "archive")
        #expect(HandlerCommand.reply.commandData == nil)
    }

    @Test func envelopesRoundTrip() throws {
        let request = ClientRequest(type: "chat", data: ["text": "hi"], id: "1")
        let envelope = HandlerEnvelope(request: request, sender: "alice", dialect: .v2_1)
        #expect(JSONSerializer.string(envelope.json) == #"{"sender":"alice","id":"1","type":"chat","data":{"text":"hi"},"dialect":"v2.1"}"#)
        #expect(try HandlerEnvelope.parse(envelope.json) == envelope)
        let withoutId = HandlerEnvelope(sender: "bob", id: nil, type: "t", data: nil, dialect: .v3)
        #expect(try HandlerEnvelope.parse(withoutId.json) == withoutId)
        #expect(throws: ValidationError(path: "dialect", rule: .mustBeOneOf(["v2", "v2.1", "v3"]))) {
            try HandlerEnvelope.parse(JSONParser.parse(#"{"sender":"a","type":"t","data":1,"dialect":"v4"}"#))
        }
        #expect(throws: ValidationError(path: "sender", rule: .required)) {
            try HandlerEnvelope.parse(JSONParser.parse(#"{"type":"t","data":1,"dialect":"v3"}"#))
        }
    }
}
