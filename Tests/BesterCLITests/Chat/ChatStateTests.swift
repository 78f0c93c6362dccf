@testable import bester_cli
import Testing

@Suite struct ChatStateTests {
    @Test func aLineThatWasNotSentIsNamedInItsFailure() {
        let refusal = ChatBackendError("flood control: at most 20 messages per second; slow down")
        #expect(ChatAction.say("flood 21", room: "general").failureText(refusal)
                == "\"flood 21\" not sent: flood control: at most 20 messages per second; slow down")
        #expect(ChatAction.say(String(repeating: "x", count: 40), room: "general").failureText(refusal)
                == "\"\(String(repeating: "x", count: 23))…\" not sent: flood control: at most 20 messages per second; slow down")
    }

    private func newState() -> ChatState {
        var state = ChatState(nickname: "alice", protocolName: "Bester", server: "127.0.0.1:2223")
        state.addRoom("general")
        state.addRoom("rust")
        state.switchTo("general")
        return state
    }

    @Test func roomsAreNamedIgnoringCaseAndLeavingPicksANeighbour() {
        var state = newState()
        #expect(state.addRoom("GENERAL") == 0)
        state.addRoom("swift")
        state.switchTo("Rust")
        #expect(state.currentRoom == "rust")
        #expect(state.neighbour(1) == "swift" && state.neighbour(-1) == "general" && state.neighbour(2) == "general")
        state.removeRoom("general")
        #expect(state.currentRoom == "rust")
        state.removeRoom("rust")
        #expect(state.currentRoom == "swift")
        state.removeRoom("swift")
        #expect(state.currentRoom == nil)
        state.log(.info, "still shown", time: "12:00")
        #expect(state.shownRoom.log.map(\.text) == ["still shown"])
    }

    @Test func messagesGoToTheirRoomAndCountAsUnreadElsewhere() {
        var state = newState()
        state.apply(.message(room: "rust", from: "bob", text: "in rust", sentAt: nil))
        state.apply(.joined(room: "rust", user: "carol"))
        state.apply(.message(room: "general", from: "bob", text: "in general", sentAt: nil))
        state.apply(.message(room: "haskell", from: "bob", text: "a room joined elsewhere", sentAt: nil))
        #expect(state.rooms.map(\.name) == ["general", "rust", "haskell"])
        #expect(state.rooms.map(\.unread) == [0, 1, 1])
        #expect(state.rooms[1].log.map(\.text) == ["in rust", "carol joined"])
        state.switchTo("rust")
        #expect(state.rooms[1].unread == 0)
        // Whispers, notices and problems go to the room on screen.
        state.apply(.whisper(from: "bob", text: "psst", sentAt: nil))
        state.apply(.problem("not sent: flood control"))
        #expect(state.shownRoom.log.map(\.kind) == [.message(from: "bob", isOwn: false), .presence, .whisper(from: "bob"), .error])
    }

    @Test func theUsersOwnPresenceKeepsTheRoomListInStep() {
        var state = newState()
        state.apply(.joined(room: "swift", user: "ALICE"))
        #expect(state.rooms.map(\.name) == ["general", "rust", "swift"])
        #expect(state.rooms[2].log.isEmpty)
        state.apply(.left(room: "rust", user: "alice"))
        #expect(state.rooms.map(\.name) == ["general", "swift"])
        // Presence in a room not on the list is not shown anywhere.
        state.apply(.joined(room: "elsewhere", user: "bob"))
        #expect(state.rooms.allSatisfy { $0.log.isEmpty })
    }

    @Test func renamesStoredMessagesAndTheEndOfTheConnection() {
        var state = newState()
        state.apply(.renamed(old: "alice", new: "ally"))
        #expect(state.nickname == "ally")
        state.apply(.message(room: "general", from: "ally", text: "from my phone", sentAt: nil))
        #expect(state.shownRoom.log.last?.kind == .message(from: "ally", isOwn: true))
        state.apply(.message(room: "general", from: "bob", text: "while you were away", sentAt: 0))
        #expect(state.shownRoom.log.last?.time == ClockTime.at(milliseconds: 0))
        state.apply(.disconnected("connection lost: the server closed the connection"))
        #expect(state.connection == .disconnected(reason: "connection lost: the server closed the connection"))
        #expect(state.shownRoom.log.last?.text == "connection lost: the server closed the connection; /quit to leave")
    }

    @Test func aScrolledViewStaysOnItsLines() {
        var state = newState()
        for number in 1...10 { state.log(.info, "line \(number)", time: "12:00") }
        state.scroll(by: 3)
        #expect(state.shownRoom.scrollback == 3)
        state.log(.info, "line 11", time: "12:00")
        #expect(state.shownRoom.scrollback == 4)
        state.scroll(by: 100)
        #expect(state.shownRoom.scrollback == 10)
        state.scroll(by: -100)
        #expect(state.shownRoom.scrollback == 0)
    }

    @Test func logsAreBounded() {
        var state = ChatState(nickname: "alice", protocolName: "Bester", server: "here", logLimit: 3)
        state.switchTo("general")
        for number in 1...5 { state.log(.info, "\(number)", time: "12:00") }
        #expect(state.shownRoom.log.map(\.text) == ["3", "4", "5"])
    }
}
