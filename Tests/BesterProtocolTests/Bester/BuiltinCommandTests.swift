import BesterProtocol
import Testing

@Suite struct BuiltinCommandTests {
    static let commands: [BuiltinCommand] = [
        .close, .register(username: "u", password: "p"), .register(username: nil, password: nil),
        .authenticate(username: "u", password: "p"), .logout, .changePassword(oldPassword: "a", newPassword: "b"),
        .whoami, .ping, .handlers,
    ]

    @Test(arguments: commands)
    func commandsRoundTripThroughTheirRequest(command: BuiltinCommand) throws {
        let request = command.request(id: "7")
        #expect(request.type == "builtin")
        #expect(request.isBuiltin)
        #expect(request.id == "7")
        #expect(try request.builtinCommand() == command)
        // And through a whole v2.1 frame on the wire.
        let frame = try InboundFrame.parse(JSONParser.parse(JSONSerializer.bytes(request.json(in: .v2_1))), connectionDialect: .v2_1)
        #expect(try frame.request?.builtinCommand() == command)
    }

    @Test func theReferenceDaemonsCloseCommandParses() throws {
        let data = try JSONParser.parse(#"{"command":{"type":"close"}}"#)
        #expect(try BuiltinCommand.parse(data: data) == .close)
        #expect(BuiltinCommand.close.data == data)
    }

    @Test func registerOnAFirstFrameMayLeaveOutTheCredentials() throws {
        let frame = try InboundFrame.parse(JSONParser.parse(
            #"{"header":{"authentication":{"username":"alice","password":"correct horse"},"scope":"client"},"payload":{"type":"builtin","data":{"command":{"type":"register"}}}}"#),
            connectionDialect: nil)
        #expect(try frame.request?.builtinCommand() == .register(username: nil, password: nil))
        #expect(frame.request?.credentials == Credentials(username: "alice", password: "correct horse"))
    }

    @Test func otherTypesAreNotBuiltins() throws {
        #expect(try ClientRequest(type: "echo", data: 1).builtinCommand() == nil)
        #expect(!ClientRequest(type: BuiltinCommand.dummyPayloadType, data: nil).isBuiltin)
    }

    @Test func namesAndDescriptions() {
        #expect(BuiltinCommand.Name.allCases.map(\.rawValue) == ["close", "register", "authenticate", "logout", "changePassword", "whoami", "ping", "handlers"])
        #expect(Self.commands.map(\.description) == ["close", "register u", "register", "authenticate u", "logout", "changePassword", "whoami", "ping", "handlers"])
    }
}
