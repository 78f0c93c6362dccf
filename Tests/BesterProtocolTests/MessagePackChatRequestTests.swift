import Testing
import BesterProtocol

/// Requests of the MessagePack chat protocol (`003`): every example, every malformed variant.
@Suite struct MessagePackChatRequestTests {
    /// Every request layout of `003`, as a client would encode it, and what it means.
    static let specExamples: [([String], MessagePackChatRequest)] = [
        (["register", "alice", "secret"], .register(username: "alice", password: "secret")),
        (["login", "alice", "secret"], .login(username: "alice", password: "secret")),
        (["logout", "alice"], .logout(username: "alice", token: nil)),
        (["logout", "alice", "6f1c0b5e-2a8e-4f5a-9a53-1b2c3d4e5f60"],
         .logout(username: "alice", token: "6f1c0b5e-2a8e-4f5a-9a53-1b2c3d4e5f60")),
        (["add_contact", "alice", "tok", "bob"], .addContact(username: "alice", token: "tok", contact: "bob")),
        (["whisper", "alice", "tok", "bob", "hi bob"], .whisper(username: "alice", token: "tok", recipient: "bob", content: "hi bob")),
        (["create_group", "alice", "tok", "rust"], .createGroup(username: "alice", token: "tok", groupName: "rust")),
        (["join_group", "bob", "tok", "rust"], .joinGroup(username: "bob", token: "tok", groupName: "rust")),
        (["msg_group", "alice", "tok", "rust", "hello all"],
         .msgGroup(username: "alice", token: "tok", groupName: "rust", content: "hello all")),
    ]

    @Test(arguments: specExamples)
    func specExampleDecodesAndValidates(elements: [String], expected: MessagePackChatRequest) throws {
        let bytes = encodedStringArray(elements)
        let request = try MessagePackChatRequest(decoding: bytes)
        #expect(request == expected)
        #expect(request.action.rawValue == elements[0])
        #expect(request.username == elements[1])
        #expect(request.arguments == Array(elements.dropFirst()))
        #expect(request.encoded() == bytes)
        #expect(try MessagePackChatRequest(request.messagePackValue) == request)
    }

    @Test func tokenIsExposedWhereCarried() {
        #expect(MessagePackChatRequest.login(username: "a", password: "p").token == nil)
        #expect(MessagePackChatRequest.logout(username: "a", token: nil).token == nil)
        #expect(MessagePackChatRequest.whisper(username: "a", token: "t", recipient: "b", content: "c").token == "t")
    }

    @Test func encodingIsExact() {
        let request = MessagePackChatRequest.whisper(username: "alice", token: "t", recipient: "bob", content: "hi")
        #expect(request.encoded() == hex("95 a7 77686973706572 a5 616c696365 a1 74 a3 626f62 a2 6869"))
    }

    @Test func longContentUsesWiderStrings() throws {
        let content = String(repeating: "é", count: 200)
        let request = MessagePackChatRequest.msgGroup(username: "a", token: "t", groupName: "g", content: content)
        #expect(try MessagePackChatRequest(decoding: request.encoded()) == request)
    }

    static let malformed: [(MessagePackValue, MessagePackChatValidationError.Kind, String)] = [
        ("whisper", .notAnArray, "request: must be an array [action, arguments...], got string"),
        (.map([]), .notAnArray, "request: must be an array [action, arguments...], got map"),
        ([], .missing, "request[0] action: missing"),
        ([1, "alice"], .wrongType, "request[0] action: must be a string"),
        (["shout", "alice"], .unknownAction,
         #"request[0] action: unknown action "shout"; expected one of register, login, logout, add_contact, whisper, create_group, join_group, msg_group"#),
        (["Login", "alice", "pw"], .unknownAction,
         #"request[0] action: unknown action "Login"; expected one of register, login, logout, add_contact, whisper, create_group, join_group, msg_group"#),
        (["register", "alice"], .missing, "register[2] password: missing; register takes username, password"),
        (["register", "alice", .binary([1])], .wrongType, "register[2] password: must be a string"),
        (["login"], .missing, "login[1] username: missing; login takes username, password"),
        (["login", .nil, "pw"], .wrongType, "login[1] username: must be a string"),
        (["login", "alice", "pw", "extra"], .unexpectedElement, "login[3]: unexpected element; login takes username, password"),
        (["logout"], .missing, "logout[1] username: missing; logout takes username, token"),
        (["logout", "alice", 5], .wrongType, "logout[2] token: must be a string"),
        (["logout", "alice", "tok", "x"], .unexpectedElement, "logout[3]: unexpected element; logout takes username, token"),
        (["add_contact", "alice", "tok"], .missing, "add_contact[3] contact: missing; add_contact takes username, token, contact"),
        (["add_contact", "alice", "tok", ["bob"]], .wrongType, "add_contact[3] contact: must be a string"),
        (["whisper", "alice", "tok", 42, "hi"], .wrongType, "whisper[3] recipient: must be a string"),
        (["whisper", "alice", true, "bob", "hi"], .wrongType, "whisper[2] token: must be a string"),
        (["whisper", "alice", "tok", "bob"], .missing, "whisper[4] content: missing; whisper takes username, token, recipient, content"),
        (["whisper", "alice", "tok", "bob", .binary([0x68, 0x69])], .wrongType, "whisper[4] content: must be a string"),
        (["whisper", "alice", "tok", "bob", "hi", "again"], .unexpectedElement,
         "whisper[5]: unexpected element; whisper takes username, token, recipient, content"),
        (["create_group", "alice", "tok"], .missing, "create_group[3] group_name: missing; create_group takes username, token, group_name"),
        (["join_group", "alice", "tok", 3.5], .wrongType, "join_group[3] group_name: must be a string"),
        (["msg_group", "alice", "tok", "rust"], .missing,
         "msg_group[4] content: missing; msg_group takes username, token, group_name, content"),
        (["msg_group", "alice", "tok", .nil, "hi"], .wrongType, "msg_group[3] group_name: must be a string"),
    ]

    @Test(arguments: malformed)
    func malformedRequestsAreNamedErrors(value: MessagePackValue, kind: MessagePackChatValidationError.Kind, message: String) throws {
        let error = try #require(throws: MessagePackChatValidationError.self) { try MessagePackChatRequest(value) }
        #expect(error.kind == kind)
        #expect(error.description == message)
    }

    @Test func bytesThatAreNotMessagePackAreADecodingError() throws {
        let error = try #require(throws: MessagePackChatError.self) { try MessagePackChatRequest(decoding: hex("92 a5 6c6f67")) }
        guard case .decoding(let decoding) = error else {
            Issue.record("expected a decoding error, got \(error)")
            return
        }
        #expect(decoding.kind == .truncated)
        let validation = try #require(throws: MessagePackChatError.self) { try MessagePackChatRequest(decoding: hex("c0")) }
        #expect(validation == .validation(MessagePackChatValidationError(
            kind: .notAnArray, position: "request", field: nil, rule: "must be an array [action, arguments...], got nil")))
    }
}

@Test func wireNamesMatchRawValues() {
    for action in MessagePackChatAction.allCases {
        #expect(MessagePackChatAction(wireName: action.rawValue) == action)
    }
    for name in ["", "logim", "Logout", "msg_grouP", "add_contacts", "create_group_"] {
        #expect(MessagePackChatAction(wireName: name) == nil)
    }
}
