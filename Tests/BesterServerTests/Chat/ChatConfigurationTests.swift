import BesterProtocol
import Testing
@testable import BesterServer

@Suite struct ChatConfigurationTests {
    private func parse(_ json: JSONValue) -> (ServerConfiguration?, [ConfigurationIssue]) {
        ServerConfiguration.parse(json, relativeTo: "/etc/besterd")
    }

    @Test func defaultsServeChatMasterOn9000AndMessagePackOn9001() throws {
        let defaults = ServerConfiguration.embeddedDefaults
        #expect(defaults.chatMaster == ChatListenerConfiguration(host: "127.0.0.1", port: 9000))
        #expect(defaults.messagePackChat == ChatListenerConfiguration(host: "127.0.0.1", port: 9001))
        #expect(defaults.builtinHandlers.contains("chat"))
        // A file without chat sections keeps them.
        let (file, issues) = parse(["network": ["tcp4": ["port": 2223]]])
        #expect(issues.isEmpty)
        #expect(try #require(file).chatMaster?.port == 9000)
        #expect(try #require(file).messagePackChat?.port == 9001)
        #expect(try #require(file).chat == ChatConfiguration())
    }

    @Test func chatSectionsAreReadAndListenersCanBeTurnedOff() throws {
        let (parsed, issues) = parse([
            "network": ["tcp4": ["port": 2223]],
            "chat": ["maxMessageBytes": 1000, "maxRoomsPerUser": 5, "maxMembersPerRoom": 50_000, "messagesPerSecond": 0],
            "chatmaster": ["address": "::1", "port": "9100", "loginTimeoutSeconds": 60, "idleTimeoutSeconds": 0],
            "msgpackChat": ["enabled": false],
        ])
        #expect(issues.isEmpty)
        let configuration = try #require(parsed)
        #expect(configuration.chat.maxMessageBytes == 1000)
        #expect(configuration.chat.maxRoomsPerUser == 5)
        #expect(configuration.chat.maxMembersPerRoom == 50_000)
        #expect(configuration.chat.messagesPerSecond == 0)
        var expected = ChatListenerConfiguration(host: "::1", port: 9100)
        expected.loginTimeout = .seconds(60)
        expected.idleTimeout = nil
        #expect(configuration.chatMaster == expected)
        #expect(configuration.messagePackChat == nil)
    }

    @Test func badChatSettingsAreErrorsWithTheirPaths() {
        let (parsed, issues) = parse([
            "network": ["tcp4": ["port": 2223]],
            "chat": ["maxMessageBytes": 0, "messagesPerSecond": -1, "typo": 1],
            "chatmaster": ["address": "localhost", "port": 2223],
            "msgpackChat": ["port": 2223],
        ])
        #expect(parsed == nil)
        let paths = issues.map { "\($0.severity.rawValue) \($0.path)" }
        #expect(paths.contains("error chat.maxMessageBytes"))
        #expect(paths.contains("error chat.messagesPerSecond"))
        #expect(paths.contains("warning chat.typo"))
        #expect(paths.contains("error chatmaster.address"))
        #expect(issues.contains { $0.path == "chatmaster.port" && $0.message == "127.0.0.1:2223 is already used by a Bester listener (network)" })
        #expect(issues.contains { $0.path == "msgpackChat.port" && $0.message == "127.0.0.1:2223 is already used by a Bester listener (network)" })
    }
}
