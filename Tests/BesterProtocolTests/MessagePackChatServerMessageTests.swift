import Testing
import BesterProtocol

/// Responses and updates of the MessagePack chat protocol (`003`).
@Suite struct MessagePackChatServerMessageTests {
    @Test func loginResponseOfTheSpec() throws {
        // ["response", TRUE, username, token]
        let bytes: [UInt8] = [0x94] + encodedString("response") + [0xC3] + encodedString("alice")
            + [0xD9, 36] + Array("6f1c0b5e-2a8e-4f5a-9a53-1b2c3d4e5f60".utf8)
        let response = try MessagePackChatResponse(MessagePackDecoder().decode(bytes))
        #expect(response == .loggedIn(username: "alice", token: "6f1c0b5e-2a8e-4f5a-9a53-1b2c3d4e5f60"))
        let result = try response.loginResult()
        #expect(result.username == "alice")
        #expect(result.token == "6f1c0b5e-2a8e-4f5a-9a53-1b2c3d4e5f60")
        #expect(response.encoded() == bytes)
    }

    @Test func statusOnlyResponse() throws {
        // "if is not defined bellow is assumed to be only the status with no data"
        #expect(MessagePackChatResponse.ok.encoded() == hex("92 a8 726573706f6e7365 c3"))
        #expect(try MessagePackChatResponse(MessagePackDecoder().decode(hex("92 a8 726573706f6e7365 c3"))) == .ok)
        #expect(MessagePackChatResponse.ok.isSuccess)
    }

    @Test func failureResponseCarriesTheMessage() throws {
        let failure = MessagePackChatResponse.failure("whisper[3] recipient: must be a string")
        #expect(!failure.isSuccess)
        let decoded = try MessagePackChatResponse(MessagePackDecoder().decode(failure.encoded()))
        #expect(decoded == failure)
        #expect(failure.messagePackValue == ["response", false, "whisper[3] recipient: must be a string"])
        let error = try #require(throws: MessagePackChatValidationError.self) { try failure.loginResult() }
        #expect(error.description == "response[1] status: must be true for a login result")
    }

    @Test func whisperUpdateOfTheSpec() throws {
        let bytes = encodedStringArray(["update", "whisper", "alice", "hi bob"])
        let update = try MessagePackChatUpdate(MessagePackDecoder().decode(bytes))
        #expect(update == .whisper(sender: "alice", content: "hi bob"))
        #expect(update.action == .whisper)
        #expect(update.encoded() == bytes)
        #expect(try MessagePackChatUpdate(update.messagePackValue) == update)
    }

    @Test func msgGroupUpdateOfTheSpec() throws {
        let bytes = encodedStringArray(["update", "msg_group", "rust", "alice", "hello all"])
        let update = try MessagePackChatUpdate(MessagePackDecoder().decode(bytes))
        #expect(update == .msgGroup(groupName: "rust", sender: "alice", content: "hello all"))
        #expect(update.action == .msgGroup)
        #expect(update.encoded() == bytes)
        #expect(try MessagePackChatServerMessage(update.messagePackValue) == .update(update))
    }

    @Test func serverMessagesDispatchOnTheirFirstElement() throws {
        let messages: [MessagePackChatServerMessage] = [
            .response(.ok), .response(.failure("no")), .response(.loggedIn(username: "a", token: "t")),
            .update(.whisper(sender: "a", content: "b")), .update(.msgGroup(groupName: "g", sender: "a", content: "b")),
        ]
        for message in messages {
            #expect(try MessagePackChatServerMessage(MessagePackDecoder().decode(message.encoded())) == message)
        }
    }

    static let malformedResponses: [(MessagePackValue, String)] = [
        (.nil, #"response: must be an array ["response", status, data...], got nil"#),
        (["reply", true], #"response[0] kind: must be "response""#),
        (["response"], "response[1] status: missing"),
        (["response", 1], "response[1] status: must be a boolean"),
        (["response", false], "response[2] message: missing"),
        (["response", false, 404], "response[2] message: must be a string"),
        (["response", false, "no", "more"], "response[3]: unexpected element; a failure carries one message"),
    ]

    @Test(arguments: malformedResponses)
    func malformedResponsesAreNamedErrors(value: MessagePackValue, message: String) throws {
        let error = try #require(throws: MessagePackChatValidationError.self) { try MessagePackChatResponse(value) }
        #expect(error.description == message)
    }

    static let malformedLoginResults: [([MessagePackValue], String)] = [
        ([], "response[2] username: missing"),
        (["alice"], "response[3] token: missing"),
        (["alice", 7], "response[3] token: must be a string"),
        (["alice", "t", "x"], "response[4]: unexpected element; a login response carries username and token"),
    ]

    @Test(arguments: malformedLoginResults)
    func malformedLoginResultsAreNamedErrors(data: [MessagePackValue], message: String) throws {
        let error = try #require(throws: MessagePackChatValidationError.self) { try MessagePackChatResponse.success(data).loginResult() }
        #expect(error.description == message)
    }

    static let malformedUpdates: [(MessagePackValue, String)] = [
        (["news", "whisper", "a", "b"], #"update[0] kind: must be "update""#),
        (["update"], "update[1] action: missing"),
        (["update", "login", "a"], #"update[1] action: unknown update "login"; expected whisper or msg_group"#),
        (["update", "whisper", "alice"], "update[3] content: missing; a whisper update carries sender, content"),
        (["update", "whisper", 1, "hi"], "update[2] sender: must be a string"),
        (["update", "whisper", "a", "b", "c"], "update[4]: unexpected element; a whisper update carries sender, content"),
        (["update", "msg_group", "rust", "alice"], "update[4] content: missing; a msg_group update carries group_name, sender, content"),
        (["update", "msg_group", ["rust"], "alice", "hi"], "update[2] group_name: must be a string"),
    ]

    @Test(arguments: malformedUpdates)
    func malformedUpdatesAreNamedErrors(value: MessagePackValue, message: String) throws {
        let error = try #require(throws: MessagePackChatValidationError.self) { try MessagePackChatUpdate(value) }
        #expect(error.description == message)
    }

    @Test func unknownServerMessageKindIsNamed() throws {
        let error = try #require(throws: MessagePackChatValidationError.self) {
            try MessagePackChatServerMessage(["login", "alice", "pw"])
        }
        #expect(error.kind == .unknownAction)
        #expect(error.description == #"message[0] kind: must be "response" or "update", got "login""#)
        let nested = try #require(throws: MessagePackChatValidationError.self) {
            try MessagePackChatServerMessage(["response", "yes"])
        }
        #expect(nested.description == "response[1] status: must be a boolean")
    }
}
