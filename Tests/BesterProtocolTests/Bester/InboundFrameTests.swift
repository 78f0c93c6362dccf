import BesterProtocol
import Testing

@Suite struct InboundFrameTests {
    private let alice = Credentials(username: "alice", password: "secret")

    private func parse(_ text: String, _ dialect: Dialect?) throws -> InboundFrame {
        try InboundFrame.parse(JSONParser.parse(text), connectionDialect: dialect)
    }

    @Test func dialectIsDetectedFromTheFirstFrame() throws {
        #expect(try Dialect.detect(firstFrame: JSONParser.parse(#"{"header":{"authentication":{}}}"#)) == .v2)
        #expect(try Dialect.detect(firstFrame: JSONParser.parse(#"{"header":{"authentication":{},"scope":1}}"#)) == .v2_1)
        #expect(try Dialect.detect(firstFrame: JSONParser.parse(#"{"header":{"scope":"x","identify":1}}"#)) == .v3)
        #expect(throws: ValidationError(path: "header", rule: .mustIdentifyDialect)) {
            try Dialect.detect(firstFrame: JSONParser.parse(#"{"header":{"auth":{}}}"#))
        }
    }

    @Test func v2FirstFrameCarriesCredentialsAndId() throws {
        let frame = try parse(#"{"header":{"authentication":{"username":"alice","password":"secret"}},"payload":{"type":"echo","data":{"text":"hi"},"id":"1"}}"#, nil)
        #expect(frame == InboundFrame(dialect: .v2, kind: .request(
            ClientRequest(type: "echo", data: ["text": "hi"], id: "1", credentials: alice))))
    }

    @Test func laterFramesIgnoreAuthenticationEvenWhenBogus() throws {
        let frame = try parse(#"{"header":{"authentication":"bogus"},"payload":{"type":"echo","data":1}}"#, .v2)
        #expect(frame.request == ClientRequest(type: "echo", data: 1))
        let scoped = try parse(#"{"header":{"scope":"client"},"payload":{"type":"echo","data":1}}"#, .v2_1)
        #expect(scoped.request == ClientRequest(type: "echo", data: 1, scope: .client))
    }

    @Test func unknownMembersAreTolerated() throws {
        let frame = try parse(#"{"header":{"authentication":{"username":"alice","password":"secret","otp":1},"x":2},"payload":{"type":"t","data":null,"extra":[]},"more":true}"#, nil)
        #expect(frame.request?.credentials == alice)
        #expect(frame.request?.data == .null)
    }

    @Test func scopedServerNeedNotAuthenticate() throws {
        let frame = try parse(#"{"header":{"scope":"server"},"payload":{"type":"relay","data":{}}}"#, nil)
        #expect(frame.dialect == .v2_1)
        #expect(frame.request?.scope == .server)
        #expect(frame.request?.credentials == nil)
    }

    @Test func v3IdentifyMayCarryAFirstRequest() throws {
        let bare = try parse(#"{"header":{"identify":{"type":"client","authentication":{"username":"alice","password":"secret"}}}}"#, nil)
        #expect(bare.kind == .identify(.client(alice), firstRequest: nil))
        #expect(bare.request == nil)
        let withRequest = try parse(#"{"header":{"identify":{"type":"client","authentication":{"username":"alice","password":"secret"}}},"payload":{"type":"echo","data":"hi","id":"9"}}"#, nil)
        #expect(withRequest.kind == .identify(.client(alice), firstRequest: ClientRequest(type: "echo", data: "hi", id: "9")))
    }

    @Test func v3ServerIdentifiesWithOrWithoutProof() throws {
        let bare = try parse(#"{"header":{"identify":{"type":"server"}}}"#, nil)
        #expect(bare.kind == .identify(.server(nil), firstRequest: nil))
        let proved = try parse(#"{"header":{"identify":{"type":"server","authentication":{"username":"peer1","password":"shared"}}}}"#, nil)
        #expect(proved.kind == .identify(.server(Credentials(username: "peer1", password: "shared")), firstRequest: nil))
        #expect(proved.kind != bare.kind)
        if case .identify(let stanza, _) = proved.kind {
            #expect(stanza.role == .server)
            #expect(stanza.credentials?.username == "peer1")
        }
    }

    @Test func v3LaterFramesNeedNoHeaderAndIgnoreScope() throws {
        #expect(try parse(#"{"payload":{"type":"t","data":1}}"#, .v3).request == ClientRequest(type: "t", data: 1))
        #expect(try parse(#"{"header":{"scope":"server"},"payload":{"type":"t","data":1}}"#, .v3).request == ClientRequest(type: "t", data: 1))
    }

    @Test func errorsSayWhichDialectToAnswerIn() throws {
        func replyDialect(_ text: String, _ dialect: Dialect?) throws -> Dialect? {
            do {
                _ = try parse(text, dialect)
                return nil
            } catch let error as InboundFrameError {
                return error.replyDialect
            }
        }
        #expect(try replyDialect(#"{"header":{}}"#, nil) == .v2)
        #expect(try replyDialect(#"{"header":{"identify":{"type":"client"}}}"#, nil) == .v3)
        #expect(try replyDialect(#"{"header":{"scope":"client"}}"#, nil) == .v2_1)
        #expect(try replyDialect(#"{"payload":1}"#, .v3) == .v3)
        #expect(try replyDialect(#"{"payload":1}"#, .v2_1) == .v2_1)
    }

    @Test func errorsBecomeReports() throws {
        let json = try JSONParser.parse(#"{"header":{"scope":"client"},"payload":{"type":1,"data":1}}"#)
        do {
            _ = try InboundFrame.parse(json, connectionDialect: .v2_1)
            Issue.record("expected an error")
        } catch {
            #expect(error.report == ErrorReport(code: .validation, message: "payload.type: must be a string", path: "payload.type"))
            #expect(error.description == "payload.type: must be a string")
        }
    }

    @Test(arguments: Dialect.allCases)
    func requestsBuiltByClientsParseBack(dialect: Dialect) throws {
        let request = ClientRequest(type: "chat", data: ["to": "bob", "text": "hi"], id: "42", credentials: alice,
                                    scope: dialect == .v2_1 ? .client : nil)
        let first: InboundFrame
        if dialect == .v3 {
            first = InboundFrame(dialect: .v3, kind: .identify(.client(alice), firstRequest: ClientRequest(type: "chat", data: 1)))
        } else {
            first = InboundFrame(dialect: dialect, kind: .request(request))
        }
        #expect(try InboundFrame.parse(JSONParser.parse(FrameEncoder.frame(first.json).dropFirst(4)), connectionDialect: nil) == first)
        // A later frame: credentials are not read again.
        var later = request
        later.credentials = nil
        #expect(try InboundFrame.parse(request.json(in: dialect), connectionDialect: dialect).request == later)
    }

    @Test func requestEncodingFollowsTheDialect() {
        let request = ClientRequest(type: "echo", data: "hi", id: "1", credentials: alice)
        #expect(JSONSerializer.string(request.json(in: .v2))
                == #"{"header":{"authentication":{"username":"alice","password":"secret"}},"payload":{"type":"echo","data":"hi","id":"1"}}"#)
        #expect(JSONSerializer.string(request.json(in: .v2_1))
                == #"{"header":{"authentication":{"username":"alice","password":"secret"},"scope":"client"},"payload":{"type":"echo","data":"hi","id":"1"}}"#)
        #expect(JSONSerializer.string(request.json(in: .v3)) == #"{"payload":{"type":"echo","data":"hi","id":"1"}}"#)
        #expect(JSONSerializer.string(ClientRequest(type: "t", data: nil).json(in: .v2)) == #"{"header":{},"payload":{"type":"t","data":null}}"#)
    }

    @Test func credentialsNeverShowThePassword() {
        #expect(!"\(alice)".contains("secret"))
        #expect(!String(reflecting: alice).contains("secret"))
        #expect(!"\(BuiltinCommand.authenticate(username: "alice", password: "secret"))".contains("secret"))
        #expect(!"\(BuiltinCommand.changePassword(oldPassword: "old1", newPassword: "new2"))".contains("new2"))
    }

    /// Later frames the member-by-member reader takes (each in the dialect
    /// given), and ones it must leave to the tree: a request it reads must
    /// be exactly the one the tree gives.
    static let laterFrames: [(text: String, dialect: Dialect, taken: Bool)] = [
        (#"{"header":{},"payload":{"type":"echo","data":1}}"#, .v2, true),
        (#" { "header" : { "authentication" : "ignored" } , "payload" : { "id" : "9" , "data" : { "a" : [ 1 , 2.5 ] } , "type" : "t" } } "#, .v2, true),
        (#"{"header":{"scope":"client"},"payload":{"type":"echo","data":"x","extra":[{"y":null}]},"more":1}"#, .v2_1, true),
        (#"{"header":{"scope":"server"},"payload":{"type":"","data":null}}"#, .v2_1, true),
        (#"{"payload":{"type":"echo","data":"\u00e9\ud83d\ude00"}}"#, .v3, true),
        (#"{"header":{"anything":1},"payload":{"type":"echo","data":[]}}"#, .v3, true),
        (#"{"payload":{"type":"echo","data":1}}"#, .v2, false),
        (#"{"header":{"scope":"client"},"payload":{"type":"echo","data":1}}"#, .v2, false),
        (#"{"header":{},"payload":{"type":"echo","data":1}}"#, .v2_1, false),
        (#"{"header":{"scope":"peer"},"payload":{"type":"echo","data":1}}"#, .v2_1, false),
        (#"{"header":{"scope":1},"payload":{"type":"echo","data":1}}"#, .v2_1, false),
        (#"{"header":{"scope":"client","scope":"server"},"payload":{"type":"echo","data":1}}"#, .v2_1, false),
        (#"{"header":{"identify":{}},"payload":{"type":"echo","data":1}}"#, .v3, false),
        (#"{"header":null,"payload":{"type":"echo","data":1}}"#, .v3, false),
        (#"{"header":{},"payload":{"type":1,"data":1}}"#, .v2, false),
        (#"{"header":{},"payload":{"type":"echo"}}"#, .v2, false),
        (#"{"header":{},"payload":{"type":"echo","data":1,"id":null}}"#, .v2, false),
        (#"{"header":{},"payload":{"type":"a","type":"b","data":1}}"#, .v2, false),
        (#"{"header":{},"payload":{"type":"echo","data":1},"payload":{"type":"x","data":2}}"#, .v2, false),
        (#"{"header":{},"payload":{"typ\u0065":"echo","data":1}}"#, .v2, false),
        (#"{"header":{},"payload":[]}"#, .v2, false),
        (#"{"header":{},"payload":{"type":"echo","data":1}} x"#, .v2, false),
        (#"{"header":{},"payload":{"type":"echo","data":[1,]}}"#, .v2, false),
        (#"{"header":{},"payload":{"type":"echo","data":"#, .v2, false),
        ("[]", .v3, false),
    ]

    @Test(arguments: laterFrames.indices)
    func readingARequestFrameAgreesWithParsingItsTree(_ index: Int) {
        let (text, dialect, taken) = Self.laterFrames[index]
        let readings = requestFrameReadings(Array(text.utf8), dialect: dialect)
        #expect((readings.frame != nil) == taken, "\(text)")
        if let request = readings.frame { #expect(request == readings.tree, "\(text)") }
    }

    @Test func requestsNestedUpToTheDepthLimitReadAlikeFromFrameAndTree() {
        let parser = JSONParser(maximumDepth: 6)
        for depth in 1...6 {
            let data = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let text = #"{"payload":{"type":"echo","data":\#(data)}}"#
            let readings = requestFrameReadings(Array(text.utf8), dialect: .v3, parser: parser)
            // The tree holds the frame and its payload above the data: past the limit both refuse.
            #expect((readings.frame != nil) == (depth <= 4), "depth \(depth)")
            #expect((readings.tree != nil) == (depth <= 4), "depth \(depth)")
            #expect(readings.frame == nil || readings.frame == readings.tree, "depth \(depth)")
        }
    }
}
