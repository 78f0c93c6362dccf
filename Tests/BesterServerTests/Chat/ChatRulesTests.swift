import BesterProtocol
import Testing
@testable import BesterServer

@Suite struct ChatRulesTests {
    @Test func floodControlAllowsABurstThenTheRate() {
        let control = FloodControl(perSecond: 2)
        var bucket = FloodControl.Bucket()
        let second: UInt64 = 1_000_000_000
        #expect(control.admit(&bucket, now: 10 * second))
        #expect(control.admit(&bucket, now: 10 * second))
        #expect(!control.admit(&bucket, now: 10 * second + 1))
        // Half a second gives one token back, never more than the burst.
        #expect(control.admit(&bucket, now: 10 * second + second / 2))
        #expect(!control.admit(&bucket, now: 10 * second + second / 2))
        #expect(control.admit(&bucket, now: 100 * second))
        #expect(control.admit(&bucket, now: 100 * second))
        #expect(!control.admit(&bucket, now: 100 * second))
    }

    @Test func floodControlOffAdmitsEverything() {
        let control = FloodControl(perSecond: 0)
        var bucket = FloodControl.Bucket()
        for _ in 0..<10_000 { #expect(control.admit(&bucket, now: 0)) }
    }

    @Test(arguments: [
        ("", "room name: must not be empty"),
        (String(repeating: "r", count: 65), "room name: must be at most 64 characters (it has 65)"),
        ("a\nb", "room name: character 2 is a control character (\\n)"),
        (" rust", "room name: must not start or end with a space"),
        ("rust ", "room name: must not start or end with a space"),
    ])
    func roomNamesBreakingARuleAreRefused(name: String, reason: String) {
        #expect(throws: ChatError.invalidName(reason)) { try ChatNames.validateRoom(name) }
    }

    @Test func roomNamesMayHaveSpacesAndAnyScript() throws {
        for name in ["Channel 1", "ChuckNorris", "日本語", "r"] { try ChatNames.validateRoom(name) }
        #expect(ChatNames.key("Channel 1") == ChatNames.key("channel 1"))
    }

    @Test func nicknamesFollowTheAccountRules() throws {
        try ChatNames.validateNickname("PythonMaster2K16")
        #expect(throws: ChatError.invalidName("username: must start with an ASCII letter or digit, not '_'")) {
            try ChatNames.validateNickname("_x")
        }
    }

    @Test func besterChatRequestsNameWhatIsWrong() throws {
        #expect(try BesterChatRequest(["action": "message", "room": "rust", "text": "hi"]) == .message(room: "rust", text: "hi"))
        #expect(try BesterChatRequest(["action": "create", "room": "go"]) == .create(room: "go", isPrivate: false))
        #expect(try BesterChatRequest(["action": "public", "room": "go"]) == .setPrivate(room: "go", isPrivate: false))
        #expect(throws: ErrorReport(code: .validation, message: "payload.data.text: must be a string, got number", path: "payload.data.text")) {
            try BesterChatRequest(["action": "whisper", "to": "bob", "text": 3])
        }
        #expect(throws: ErrorReport(code: .validation, message: "payload.data: must be an object with an action, got string", path: "payload.data")) {
            try BesterChatRequest("rooms")
        }
        #expect(throws: ErrorReport(code: .validation, message: "payload.data.private: must be true or false, got string",
                                    path: "payload.data.private")) {
            try BesterChatRequest(["action": "create", "room": "go", "private": "yes"])
        }
    }
}
