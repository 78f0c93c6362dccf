@testable import bester_cli
import BesterCommandLine
import Synchronization
import Testing

/// The three backends against a real server, each through its own protocol.
@Suite struct ChatBackendTests {
    /// What a backend has sent so far, and a way to wait for more.
    final class RecordedEvents: Sendable {
        private final class Storage: Sendable {
            let events = Mutex<[ChatBackendEvent]>([])
        }

        private let storage = Storage()
        private let changes: AsyncStream<Void>

        init(_ backend: any ChatBackend) {
            let (changes, changed) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
            self.changes = changes
            let storage = storage
            Task {
                for await event in backend.events {
                    storage.events.withLock { $0.append(event) }
                    changed.yield()
                }
                changed.finish()
            }
        }

        var all: [ChatBackendEvent] { storage.events.withLock { $0 } }

        /// Waits until an event equal to `event` has arrived.
        func waitFor(_ event: ChatBackendEvent) async throws {
            try await waitUntil("\(event)") { $0 == event }
        }

        /// Waits until an event for which `matches` holds has arrived.
        func waitUntil(_ what: String, _ matches: @escaping @Sendable (ChatBackendEvent) -> Bool) async throws {
            let changes = changes
            try await withTimeout(10, what) { [self] in
                var iterator = changes.makeAsyncIterator()
                while !all.contains(where: matches) {
                    guard await iterator.next() != nil else { throw TimedOut(what: "\(what) before the events ended") }
                }
            }
        }
    }

    private func connect(_ chatProtocol: ChatProtocol, _ address: String, user: String,
                         password: String? = "password1") async throws -> any ChatBackend {
        let parsed = try ChatCommand.interface.parse(["--server", address, "--user", user, "--timeout", "5"])
        let backend = try await chatProtocol.connect(ServerOptions(parsed, usage: ""), password: password, compress: false)
        _ = try await backend.start()
        return backend
    }

    /// What a call's failure says; nil if it succeeded.
    private func failure(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as ChatBackendError {
            return error.description
        } catch {
            return "not a ChatBackendError: \(error)"
        }
    }

    @Test(arguments: [ChatProtocol.bester, .chatmaster])
    func theServersShutdownIsToldBeforeTheConnectionEnds(_ chatProtocol: ChatProtocol) async throws {
        let server = try await CLITestServer.start()
        try await server.addUser("alice")
        // On ChatMaster, a guest.
        let alice = chatProtocol == .chatmaster ? try await connect(.chatmaster, server.chatMasterAddress, user: "carol", password: nil)
            : try await connect(.bester, server.address, user: "alice")
        let heard = RecordedEvents(alice)
        await server.stop()
        try await heard.waitUntil("the end of the connection") {
            if case .disconnected = $0 { return true }
            return false
        }
        #expect(heard.all.contains(.notice("the server is shutting down")), "\(heard.all)")
        #expect(heard.all.last == .disconnected("connection lost: the server is shutting down (shutdown)"))
        await alice.close()
    }

    @Test func threeProtocolsTalkInOneRoom() async throws {
        let server = try await CLITestServer.start()
        try await server.addUser("alice")
        try await server.addUser("bob")
        let alice = try await connect(.bester, server.address, user: "alice")
        let bob = try await connect(.msgpack, server.messagePackAddress, user: "bob")
        let carol = try await connect(.chatmaster, server.chatMasterAddress, user: "carol", password: nil)
        let (heardByAlice, heardByBob, heardByCarol) = (RecordedEvents(alice), RecordedEvents(bob), RecordedEvents(carol))
        #expect(try await alice.join("Rust") == "Rust")
        #expect(try await bob.join("rust") == "rust")
        #expect(try await carol.join("rust") == "rust")
        try await heardByAlice.waitFor(.joined(room: "Rust", user: "carol"))

        try await alice.say("hello from alice", in: "Rust")
        try await heardByBob.waitFor(.message(room: "Rust", from: "alice", text: "hello from alice", sentAt: nil))
        try await heardByCarol.waitFor(.message(room: "rust", from: "alice", text: "hello from alice", sentAt: nil))
        try await bob.say("bob here", in: "rust")
        try await heardByAlice.waitFor(.message(room: "Rust", from: "bob", text: "bob here", sentAt: nil))
        try await heardByCarol.waitFor(.message(room: "rust", from: "bob", text: "bob here", sentAt: nil))
        try await carol.say("carol too", in: "rust")
        try await heardByAlice.waitFor(.message(room: "Rust", from: "carol", text: "carol too", sentAt: nil))
        try await heardByBob.waitFor(.message(room: "Rust", from: "carol", text: "carol too", sentAt: nil))

        #expect(try await bob.whisper("psst", to: "alice") == .accepted)
        try await heardByAlice.waitFor(.whisper(from: "bob", text: "psst", sentAt: nil))
        #expect(try await alice.whisper("back", to: "bob") == .delivered)
        try await heardByBob.waitFor(.whisper(from: "alice", text: "back", sentAt: nil))
        let rooms = try await alice.rooms()
        #expect(rooms.contains(ChatRoomSummary(name: "Rust", members: 3, isPrivate: false, isJoined: true)))
        #expect(try await carol.rooms().map(\.name).sorted() == ["Rust", "general"])

        for backend in [alice, bob, carol] { await backend.close() }
        await server.stop()
    }

    @Test func whatAProtocolCannotDoIsSaidPlainly() async throws {
        let server = try await CLITestServer.start()
        try await server.addUser("alice")
        let bester = try await connect(.bester, server.address, user: "alice")
        let messagePack = try await connect(.msgpack, server.messagePackAddress, user: "alice")
        let chatMaster = try await connect(.chatmaster, server.chatMasterAddress, user: "guest1", password: nil)
        #expect(await failure { try await messagePack.leave("general") } == "leaving a room is not part of the MessagePack chat protocol")
        #expect(await failure { _ = try await messagePack.rooms() } == "listing rooms is not part of the MessagePack chat protocol")
        #expect(await failure { try await messagePack.rename(to: "al") } == "renaming is not part of the MessagePack chat protocol")
        #expect(await failure { try await bester.rename(to: "al") } == "a Bester account keeps its name; only ChatMaster guests can rename")
        #expect(await failure { _ = try await chatMaster.whisper("x", to: "alice") }
                == "private messages are not part of the ChatMaster protocol; use --protocol bester or msgpack")
        #expect(await failure { try await chatMaster.leave("rust") }
                == "ChatMaster leaves only the room you are talking in; switch to 'rust' first")
        for backend in [bester, messagePack, chatMaster] { await backend.close() }
        await server.stop()
    }

    @Test func refusalsComeBackAsTheServersReasons() async throws {
        let server = try await CLITestServer.start()
        try await server.addUser("alice")
        try await server.addUser("dora")
        let bester = try await connect(.bester, server.address, user: "alice")
        let messagePack = try await connect(.msgpack, server.messagePackAddress, user: "alice")
        let chatMaster = try await connect(.chatmaster, server.chatMasterAddress, user: "guest1", password: nil)
        let heardByGuest = RecordedEvents(chatMaster)

        #expect(await failure { _ = try await bester.whisper("hi", to: "nobody") } == "no such user: 'nobody'")
        #expect(try await bester.whisper("for later", to: "dora") == .stored)
        #expect(await failure { _ = try await messagePack.whisper("hi", to: "nobody") } == "no such user: 'nobody'")
        #expect(await failure { try await bester.say("hi", in: "nowhere") } == "no such room: 'nowhere'")
        #expect(await failure { try await bester.leave("nowhere") } == "no such room: 'nowhere'")
        #expect(try await messagePack.join("new room") == "new room")

        #expect(await failure { _ = try await chatMaster.join(" spaced") }?.contains("room") == true)
        let renameFailure = await failure { try await chatMaster.rename(to: "alice") }
        #expect(renameFailure
                == "Username is already taken: 'alice' is a registered account (log in with its password).")
        try await chatMaster.rename(to: "guest2")
        try await heardByGuest.waitFor(.renamed(old: "guest1", new: "guest2"))
        #expect(chatMaster.username == "guest2")
        try await chatMaster.leave("general")
        #expect(await failure { try await chatMaster.say("anyone?", in: "general") }
                == "this ChatMaster session is not talking in 'general'; /join general to go there")
        try await chatMaster.focus("general")
        // Refused lines come back as problems: flood control allows 20 a second.
        for number in 1...25 { try await chatMaster.say("line \(number)", in: "general") }
        try await heardByGuest.waitFor(.problem("not sent: flood control: at most 20 messages per second; slow down"))

        for backend in [bester, messagePack, chatMaster] { await backend.close() }
        await server.stop()
    }

    @Test func theEndOfTheConnectionIsAnEventAndFailsLaterCalls() async throws {
        let server = try await CLITestServer.start()
        try await server.addUser("alice")
        let chatMaster = try await connect(.chatmaster, server.chatMasterAddress, user: "guest1", password: nil)
        let bester = try await connect(.bester, server.address, user: "alice")
        let (heardByGuest, heardByAlice) = (RecordedEvents(chatMaster), RecordedEvents(bester))
        await server.stop()
        try await heardByGuest.waitFor(.notice("the server is shutting down"))
        try await heardByAlice.waitFor(.disconnected("connection lost: the server is shutting down (shutdown)"))
        try await heardByGuest.waitUntil("the guest's connection to end") {
            if case .disconnected = $0 { true } else { false }
        }
        #expect(await failure { _ = try await chatMaster.join("rust") } != nil)
        #expect(await failure { _ = try await bester.join("rust") } != nil)
        await chatMaster.close()
        await bester.close()
    }
}
