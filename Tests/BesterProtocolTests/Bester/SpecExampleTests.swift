import BesterProtocol
import Testing

/// Every JSON example of the source specifications `000`, `001` and `002`,
/// transcribed as printed (layout included) with their placeholders filled
/// in: `...` becomes a concrete value, and the placeholder strings that have
/// a fixed set of values (`"status"`, `"command"`) take one of them.
@Suite struct SpecExampleTests {
    /// `000` "Client -> Server": the v2 request.
    static let v2Request = """
        {
        \t"header" : {
        \t\t"authentication" : {
        \t\t\t"username" : "username",
        \t\t\t"password" : "password"
        \t\t}
        \t},
        \t"payload" : {
        \t\t"type" : "type",
        \t\t"data" : {"anything": [1, "two", null]}
        \t}
        }
        """

    /// `001` and `002` "Client -> Server": the scoped request.
    static let scopedRequest = """
        {
        \t"header" : {
        \t\t"authentication" : {
        \t\t\t"username" : "username",
        \t\t\t"password" : "password"
        \t\t},
        \t\t"scope" : "client"
        \t},
        \t"payload" : {
        \t\t"type" : "type",
        \t\t"data" : "any JSON"
        \t}
        }
        """

    /// `001` "Client <- Server": the response in the v2/v2.1 shape.
    static let scopedResponse = """
        {
        \t"header" : {
        \t\t"status" : "good"
        \t},
        \t"payload" : {
        \t\t"data" : {"result": 42},
        \t\t"type" : "<type/handlerName>"
        \t}
        }
        """

    /// `002` "Client <- Server": the response in the v3 shape.
    static let v3Response = """
        {
        \t"header" : {
        \t\t"status" : "good"
        \t},
        \t"data" : {"result": 42}
        }
        """

    /// `001` and `002` "Message Handler -> Server".
    static let handlerReply = """
        {
        \t"header" : {
        \t\t"status" : "0",
        \t\t"command" : "sendClients",
        \t\t"commandData" : ["alice", "bob"]
        \t},
        \t"payload" : {
        \t\t"type" : "",
        \t\t"data" : {"text": "hi"}
        \t}
        }
        """

    /// `002` "Flow (v3)": the identify stanza, its `...` being the
    /// authentication block the text goes on to show.
    static let identifyStanza = """
        {
        \t"header" : {
        \t\t"identify" : {
        \t\t\t"type" : "client",
        \t\t\t"authentication" : {
        \t\t\t\t"username" : "<username>",
        \t\t\t\t"password" : "<password>"
        \t\t\t}
        \t\t}
        \t}
        }
        """

    /// `002`'s authentication block exactly as printed: with a trailing comma,
    /// which JSON does not allow.
    static let identifyAuthenticationAsPrinted = """
        {"authentication" : {
        \t"username" : "<username>",
        \t"password" : "<password>",
        }}
        """

    @Test func v2RequestIsAV2FirstFrame() throws {
        let frame = try InboundFrame.parse(JSONParser.parse(Self.v2Request), connectionDialect: nil)
        #expect(frame.dialect == .v2)
        let request = try #require(frame.request)
        #expect(request.type == "type")
        #expect(request.data == ["anything": [1, "two", nil]])
        #expect(request.credentials == Credentials(username: "username", password: "password"))
        #expect(request.scope == nil)
        #expect(request.id == nil)
    }

    @Test func scopedRequestIsAV21FirstFrame() throws {
        let frame = try InboundFrame.parse(JSONParser.parse(Self.scopedRequest), connectionDialect: nil)
        #expect(frame.dialect == .v2_1)
        #expect(frame.request?.scope == .client)
        #expect(frame.request?.credentials?.username == "username")
        #expect(frame.request?.data == "any JSON")
    }

    @Test func scopedResponseIsAResponseInTheV2Shape() throws {
        let message = try ServerMessage.parse(JSONParser.parse(Self.scopedResponse), dialect: .v2_1)
        #expect(message == .response(.success(type: "<type/handlerName>", id: nil, data: ["result": 42])))
    }

    @Test func v3ResponseIsAResponseInTheV3Shape() throws {
        let message = try ServerMessage.parse(JSONParser.parse(Self.v3Response), dialect: .v3)
        #expect(message == .response(.success(type: "", id: nil, data: ["result": 42])))
    }

    @Test func handlerReplyIsASpecificationShapeReply() throws {
        let json = try JSONParser.parse(Self.handlerReply)
        #expect(HandlerReplyShape.detect(json) == .specification)
        let reply = try HandlerReply.parse(json)
        #expect(reply == HandlerReply(status: "0", command: .sendClients(["alice", "bob"]), type: "", data: ["text": "hi"]))
        #expect(reply.isSuccess)
    }

    @Test func identifyStanzaIsAV3FirstFrame() throws {
        let frame = try InboundFrame.parse(JSONParser.parse(Self.identifyStanza), connectionDialect: nil)
        #expect(frame.dialect == .v3)
        #expect(frame.kind == .identify(.client(Credentials(username: "<username>", password: "<password>")), firstRequest: nil))
    }

    @Test func spec3AuthenticationBlockAsPrintedIsNotJSON() {
        #expect(throws: JSONParseError(kind: .unexpectedByte, offset: 78, expected: "a string key", found: "'}'")) {
            try JSONParser.parse(Self.identifyAuthenticationAsPrinted)
        }
    }
}
