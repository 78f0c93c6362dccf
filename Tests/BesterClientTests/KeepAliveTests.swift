import BesterClient
import BesterServer
import Testing

@Suite struct KeepAliveTests {
    @Test func aClientThatOnlyListensIsKeptConnectedByItsPings() async throws {
        let server = try await TestServer.start(.testing { $0.limits.idleTimeout = .seconds(2) })
        try await server.addUsers("alice", "bob")
        let listening = try await server.connect("alice") { $0.keepAlive = .milliseconds(100) }
        let silent = try await server.connect("bob") { $0.keepAlive = nil }
        let heardBySilent = EventLog(silent.events)
        // Neither has sent anything since logging in; only the one without pings is taken for idle.
        let lost = try await heardBySilent.first { if case .disconnected = $0 { true } else { false } }
        #expect(lost == .disconnected(.connectionLost(.closedByPeer, notice: Notice(event: .idleTimeout, message: "nothing received for 2.0 seconds"))))
        #expect(listening.isConnected)
        #expect(try await listening.request("echo", data: "still here").data == "still here")
        await listening.close()
        await silent.close()
        await server.stop()
    }
}
