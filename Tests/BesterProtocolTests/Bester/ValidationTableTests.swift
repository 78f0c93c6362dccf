import BesterProtocol
import Testing

/// Each MUST of the specifications (and of `Docs/protocol.md`), broken on
/// purpose: every row must fail with exactly its path and rule.
@Suite struct ValidationTableTests {
    /// What the JSON is read as.
    enum Reading: Sendable, CustomStringConvertible {
        case firstFrame
        case laterFrame(Dialect)
        case builtin
        case handlerReply
        case serverMessage(Dialect)

        var description: String {
            switch self {
            case .firstFrame: return "first frame"
            case .laterFrame(let dialect): return "later \(dialect) frame"
            case .builtin: return "built-in command"
            case .handlerReply: return "handler reply"
            case .serverMessage(let dialect): return "\(dialect) server message"
            }
        }
    }

    struct Violation: CustomTestStringConvertible, Sendable {
        let reading: Reading
        let json: String
        let path: String
        let rule: ValidationRule
        var testDescription: String { "\(reading): \(path): \(rule)" }

        init(_ reading: Reading, _ json: String, _ path: String, _ rule: ValidationRule) {
            self.reading = reading
            self.json = json
            self.path = path
            self.rule = rule
        }
    }

    private static let auth = #""authentication":{"username":"u","password":"p"}"#
    private static let payload = #""payload":{"type":"t","data":null}"#
    private static let scopes: ValidationRule = .mustBeOneOf(["client", "server"])

    static let violations: [Violation] = [
        // First frame: the message, its header, its dialect.
        Violation(.firstFrame, "[]", "", .mustBeObject),
        Violation(.firstFrame, "{\(payload)}", "header", .required),
        Violation(.firstFrame, #"{"header":1,\#(payload)}"#, "header", .mustBeObject),
        Violation(.firstFrame, #"{"header":{},\#(payload)}"#, "header", .mustIdentifyDialect),
        // v2 (000): authentication and payload.
        Violation(.firstFrame, #"{"header":{"authentication":"u:p"},\#(payload)}"#, "header.authentication", .mustBeObject),
        Violation(.firstFrame, #"{"header":{"authentication":{"password":"p"}},\#(payload)}"#, "header.authentication.username", .required),
        Violation(.firstFrame, #"{"header":{"authentication":{"username":7,"password":"p"}},\#(payload)}"#, "header.authentication.username", .mustBeString),
        Violation(.firstFrame, #"{"header":{"authentication":{"username":"u"}},\#(payload)}"#, "header.authentication.password", .required),
        Violation(.firstFrame, #"{"header":{"authentication":{"username":"u","password":null}},\#(payload)}"#, "header.authentication.password", .mustBeString),
        Violation(.firstFrame, #"{"header":{\#(auth)}}"#, "payload", .required),
        Violation(.firstFrame, #"{"header":{\#(auth)},"payload":[]}"#, "payload", .mustBeObject),
        Violation(.firstFrame, #"{"header":{\#(auth)},"payload":{"data":1}}"#, "payload.type", .required),
        Violation(.firstFrame, #"{"header":{\#(auth)},"payload":{"type":["t"],"data":1}}"#, "payload.type", .mustBeString),
        Violation(.firstFrame, #"{"header":{\#(auth)},"payload":{"type":"t"}}"#, "payload.data", .required),
        Violation(.firstFrame, #"{"header":{\#(auth)},"payload":{"type":"t","data":1,"id":1}}"#, "payload.id", .mustBeString),
        // v2.1 (001): scope.
        Violation(.firstFrame, #"{"header":{\#(auth),"scope":1},\#(payload)}"#, "header.scope", .mustBeString),
        Violation(.firstFrame, #"{"header":{\#(auth),"scope":"admin"},\#(payload)}"#, "header.scope", scopes),
        Violation(.firstFrame, #"{"header":{"scope":"client"},\#(payload)}"#, "header.authentication", .required),
        Violation(.firstFrame, #"{"header":{"scope":"server","authentication":{"username":"peer","password":1}},\#(payload)}"#,
                  "header.authentication.password", .mustBeString),
        // v3 (002): the identify stanza.
        Violation(.firstFrame, #"{"header":{"identify":"client"}}"#, "header.identify", .mustBeObject),
        Violation(.firstFrame, #"{"header":{"identify":{\#(auth)}}}"#, "header.identify.type", .required),
        Violation(.firstFrame, #"{"header":{"identify":{"type":true}}}"#, "header.identify.type", .mustBeString),
        Violation(.firstFrame, #"{"header":{"identify":{"type":"robot"}}}"#, "header.identify.type", scopes),
        Violation(.firstFrame, #"{"header":{"identify":{"type":"client"}}}"#, "header.identify.authentication", .required),
        Violation(.firstFrame, #"{"header":{"identify":{"type":"client","authentication":[]}}}"#, "header.identify.authentication", .mustBeObject),
        Violation(.firstFrame, #"{"header":{"identify":{"type":"client","authentication":{"password":"p"}}}}"#,
                  "header.identify.authentication.username", .required),
        Violation(.firstFrame, #"{"header":{"identify":{"type":"client","authentication":{"username":"u","password":2}}}}"#,
                  "header.identify.authentication.password", .mustBeString),
        Violation(.firstFrame, #"{"header":{"identify":{"type":"server","authentication":{"username":{},"password":"s"}}}}"#,
                  "header.identify.authentication.username", .mustBeString),
        Violation(.firstFrame, #"{"header":{"identify":{"type":"client",\#(auth)}},"payload":"echo"}"#, "payload", .mustBeObject),
        Violation(.firstFrame, #"{"header":{"identify":{"type":"client",\#(auth)}},"payload":{"data":1}}"#, "payload.type", .required),
        // Later frames: each dialect keeps to itself.
        Violation(.laterFrame(.v2), "\"text\"", "", .mustBeObject),
        Violation(.laterFrame(.v2), "{\(payload)}", "header", .required),
        Violation(.laterFrame(.v2), #"{"header":{"scope":"client"},\#(payload)}"#, "header.scope", .dialectMismatch(connection: .v2, frame: .v2_1)),
        Violation(.laterFrame(.v2), #"{"header":{"identify":{"type":"client"}},\#(payload)}"#, "header.identify", .dialectMismatch(connection: .v2, frame: .v3)),
        Violation(.laterFrame(.v2), #"{"header":{},"payload":{"type":1,"data":1}}"#, "payload.type", .mustBeString),
        Violation(.laterFrame(.v2_1), #"{"header":{\#(auth)},\#(payload)}"#, "header.scope", .required),
        Violation(.laterFrame(.v2_1), #"{"header":{"scope":"Client"},\#(payload)}"#, "header.scope", scopes),
        Violation(.laterFrame(.v2_1), #"{"header":{"scope":"client","identify":{}},\#(payload)}"#, "header.identify", .dialectMismatch(connection: .v2_1, frame: .v3)),
        Violation(.laterFrame(.v2_1), #"{"header":{"scope":"client"}}"#, "payload", .required),
        Violation(.laterFrame(.v3), #"{"header":[],\#(payload)}"#, "header", .mustBeObject),
        Violation(.laterFrame(.v3), #"{"header":{"identify":{"type":"client",\#(auth)}},\#(payload)}"#, "header.identify", .dialectMismatch(connection: .v3, frame: .v3)),
        Violation(.laterFrame(.v3), #"{"data":1}"#, "payload", .required),
        Violation(.laterFrame(.v3), #"{"payload":{"type":"t"}}"#, "payload.data", .required),
        Violation(.laterFrame(.v3), #"{"payload":{"type":"t","data":1,"id":false}}"#, "payload.id", .mustBeString),
        // Built-in commands (payload.type "builtin").
        Violation(.builtin, #""close""#, "payload.data", .mustBeObject),
        Violation(.builtin, #"{"type":"close"}"#, "payload.data.command", .required),
        Violation(.builtin, #"{"command":"close"}"#, "payload.data.command", .mustBeObject),
        Violation(.builtin, #"{"command":{}}"#, "payload.data.command.type", .required),
        Violation(.builtin, #"{"command":{"type":"shutdown"}}"#, "payload.data.command.type",
                  .mustBeOneOf(["close", "register", "authenticate", "logout", "changePassword", "whoami", "ping", "handlers"])),
        Violation(.builtin, #"{"command":{"type":"register","username":1}}"#, "payload.data.command.username", .mustBeString),
        Violation(.builtin, #"{"command":{"type":"authenticate","username":"u"}}"#, "payload.data.command.password", .required),
        Violation(.builtin, #"{"command":{"type":"authenticate","password":"p"}}"#, "payload.data.command.username", .required),
        Violation(.builtin, #"{"command":{"type":"changePassword","oldPassword":"a","newPassword":2}}"#, "payload.data.command.newPassword", .mustBeString),
        Violation(.builtin, #"{"command":{"type":"changePassword","newPassword":"b"}}"#, "payload.data.command.oldPassword", .required),
        // Handler replies (001 and the reference daemon).
        Violation(.handlerReply, "null", "", .mustBeObject),
        Violation(.handlerReply, #"{"data":1}"#, "header", .required),
        Violation(.handlerReply, #"{"header":{"command":"reply"},"payload":{"data":1}}"#, "header.status", .required),
        Violation(.handlerReply, #"{"header":{"status":0,"command":"reply"},"payload":{"data":1}}"#, "header.status", .mustBeString),
        Violation(.handlerReply, #"{"header":{"status":"0"},"payload":{"data":1}}"#, "header.command", .required),
        Violation(.handlerReply, #"{"header":{"status":"0","command":1},"payload":{"data":1}}"#, "header.command", .mustBeStringOrObject),
        Violation(.handlerReply, #"{"header":{"status":"0","command":"broadcast"},"payload":{"data":1}}"#, "header.command",
                  .mustBeOneOf(["reply", "sendClients", "sendServers", "sendHandler"])),
        Violation(.handlerReply, #"{"header":{"status":"0","command":"sendClients"},"payload":{"data":1}}"#, "header.commandData", .required),
        Violation(.handlerReply, #"{"header":{"status":"0","command":"sendClients","commandData":5},"payload":{"data":1}}"#,
                  "header.commandData", .mustBeStringOrStringArray),
        Violation(.handlerReply, #"{"header":{"status":"0","command":"sendServers","commandData":["a",2]},"payload":{"data":1}}"#,
                  "header.commandData[1]", .mustBeString),
        Violation(.handlerReply, #"{"header":{"status":"0","command":"sendHandler","commandData":["a"]},"payload":{"data":1}}"#,
                  "header.commandData", .mustBeString),
        Violation(.handlerReply, #"{"header":{"status":"0","command":"reply"},"data":1}"#, "payload", .required),
        Violation(.handlerReply, #"{"header":{"status":"0","command":"reply"},"payload":{"type":1,"data":1}}"#, "payload.type", .mustBeString),
        Violation(.handlerReply, #"{"header":{"status":"0","command":"reply"},"payload":{"type":"t"}}"#, "payload.data", .required),
        Violation(.handlerReply, #"{"header":{"status":"0","command":{"data":["a"]}},"data":1}"#, "header.command.type", .required),
        Violation(.handlerReply, #"{"header":{"status":"0","command":{"type":"sendClients"}},"data":1}"#, "header.command.data", .required),
        Violation(.handlerReply, #"{"header":{"status":"0","command":{"type":"sendServers","data":[null]}},"data":1}"#,
                  "header.command.data[0]", .mustBeString),
        Violation(.handlerReply, #"{"header":{"status":"0","command":{"type":"reply"}},"payload":{"data":1}}"#, "data", .required),
        // Server messages, as a client reads them.
        Violation(.serverMessage(.v2), #"{"payload":{"data":1}}"#, "header", .required),
        Violation(.serverMessage(.v2), #"{"header":{"status":"ok"},"payload":{"data":1}}"#, "header.status", .mustBeOneOf(["good", "bad"])),
        Violation(.serverMessage(.v2), #"{"header":{"status":"good","messageType":"chat"},"payload":{"data":1}}"#, "header.messageType",
                  .mustBeOneOf(["statusReport", "receivedMessage", "notice"])),
        Violation(.serverMessage(.v2), #"{"header":{"status":"good"},"data":1}"#, "payload", .required),
        Violation(.serverMessage(.v2), #"{"header":{"status":"good"},"payload":{"type":null}}"#, "payload.type", .mustBeString),
        Violation(.serverMessage(.v2), #"{"header":{"status":"good","messageType":"receivedMessage"},"payload":{"type":"chat","data":1}}"#,
                  "header.from", .required),
        Violation(.serverMessage(.v2), #"{"header":{"status":"good","messageType":"notice"},"payload":{"type":"server","data":"bye"}}"#,
                  "payload.data", .mustBeObject),
        Violation(.serverMessage(.v2), #"{"header":{"status":"bad","error":{"message":"m"}},"payload":{"type":"t","data":1}}"#,
                  "header.error.code", .required),
        Violation(.serverMessage(.v3), #"{"header":{"status":"good","type":3},"data":1}"#, "header.type", .mustBeString),
        Violation(.serverMessage(.v3), #"{"header":{"status":"good","id":3},"data":1}"#, "header.id", .mustBeString),
        Violation(.serverMessage(.v3), #"{"header":{"status":"good","messageType":"notice","type":"server"},"data":{"event":"shutdown"}}"#,
                  "data.message", .required),
    ]

    private static func validate(_ violation: Violation) throws -> ValidationError? {
        let json = try JSONParser.parse(violation.json)
        do {
            switch violation.reading {
            case .firstFrame:
                do { _ = try InboundFrame.parse(json, connectionDialect: nil) } catch { throw error.validation }
            case .laterFrame(let dialect):
                do { _ = try InboundFrame.parse(json, connectionDialect: dialect) } catch { throw error.validation }
            case .builtin:
                let request = ClientRequest(type: BuiltinCommand.payloadType, data: json)
                _ = try request.builtinCommand()
            case .handlerReply:
                let readings = replyFrameReadings(Array(violation.json.utf8))
                #expect(readings.frame == readings.tree, "read from a frame: \(violation.json)")
                _ = try HandlerReply.parse(json)
            case .serverMessage(let dialect):
                _ = try ServerMessage.parse(json, dialect: dialect)
            }
            return nil
        } catch let error as ValidationError {
            return error
        }
    }

    @Test(arguments: violations)
    func eachViolationYieldsItsNamedError(_ violation: Violation) throws {
        let error = try #require(try Self.validate(violation), "accepted: \(violation.json)")
        #expect(error.path == violation.path)
        #expect(error.rule == violation.rule)
    }

    @Test func everyRowIsADistinctRuleForItsReading() throws {
        var seen: Set<String> = []
        for violation in Self.violations {
            // A first frame's rules are those of the dialect it is detected as.
            var reading = "\(violation.reading)"
            if case .firstFrame = violation.reading {
                reading += " " + ((try? Dialect.detect(firstFrame: JSONParser.parse(violation.json)))?.rawValue ?? "undetected")
            }
            let key = "\(reading)|\(violation.path)|\(violation.rule)"
            #expect(!seen.contains(key), "duplicate row \(key)")
            seen.insert(key)
        }
    }

    @Test func descriptionsNamePathAndRule() {
        #expect(ValidationError(path: "header.authentication.username", rule: .mustBeString).description
                == "header.authentication.username: must be a string")
        #expect(ValidationError(path: "", rule: .mustBeObject).description == "message: must be an object")
        #expect(ValidationError(path: "header.scope", rule: .mustBeOneOf(["client", "server"])).description
                == #"header.scope: must be "client" or "server""#)
        #expect(ValidationError(path: "x", rule: .mustBeOneOf(["a", "b", "c"])).description == #"x: must be one of "a", "b" or "c""#)
        #expect(ValidationError(path: "payload.data", rule: .required).description == "payload.data: is required")
        #expect(ValidationError(path: "header", rule: .mustIdentifyDialect).description
                == "header: must contain identify (v3), scope (v2.1) or authentication (v2)")
        #expect(ValidationError(path: "header.scope", rule: .dialectMismatch(connection: .v2, frame: .v2_1)).description
                == "header.scope: belongs to v2.1 (dialect mismatch: this connection speaks v2)")
        #expect(ValidationError(path: "header.identify", rule: .dialectMismatch(connection: .v3, frame: .v3)).description
                == "header.identify: only the first frame may identify (dialect mismatch: this connection speaks v3)")
    }

    @Test func dialectMismatchHasItsOwnErrorCode() {
        #expect(ValidationError(path: "header.scope", rule: .dialectMismatch(connection: .v2, frame: .v2_1)).errorCode == .dialectMismatch)
        #expect(ValidationError(path: "payload", rule: .required).errorCode == .validation)
    }
}
