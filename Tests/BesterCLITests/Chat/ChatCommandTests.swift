import Testing

@Suite struct ChatCommandTests {
    @Test func aWrongCommandLineIsToldBeforeAnythingElse() async throws {
        let protocolName = try await CLIProcess.run(["chat", "--protocol", "irc", "--user", "alice"])
        #expect(protocolName.status == 2)
        #expect(protocolName.standardError.hasPrefix(
            "error: 'irc' is not a valid value for '--protocol' (expected one of: bester, msgpack, chatmaster)\n"))
        let room = try await CLIProcess.run(["chat", "--user", "alice", "--room", " "])
        #expect(room.status == 2)
        #expect(room.standardError.hasPrefix("error: --room must name a room\n"))
        let user = try await CLIProcess.run(["chat", "--protocol", "chatmaster"])
        #expect(user.status == 2)
        #expect(user.standardError.hasPrefix("error: missing --user NAME"))
        let dumb = try await CLIProcess.run(["chat", "--user", "alice"], environment: ["TERM": "dumb"])
        #expect(dumb.status == 1)
        #expect(dumb.standardError == "error: this terminal (TERM=dumb) cannot show a full-screen chat\n")
    }
}
