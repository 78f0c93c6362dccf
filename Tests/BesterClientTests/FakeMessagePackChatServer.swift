import BesterClient
import Synchronization

/// Just enough of a MessagePack chat server to exercise the client: accounts,
/// tokens, whispers and groups, answered in request order. A request to
/// join the group `hold` is answered only with the next request's answer
/// (failing with "late"), so a client can time out and see it come late.
final class FakeMessagePackChatServer: Sendable {
    let scripted: ScriptedServer
    private let world: World

    final class World: Sendable {
        struct State {
            var passwords: [String: String] = [:]
            var online: [String: [Connection]] = [:]
            var groups: [String: Set<String>] = [:]
        }
        let state = Mutex(State())
        /// One element each time a request is held back.
        let holds: AsyncStream<Void>
        let held: AsyncStream<Void>.Continuation

        init() {
            (holds, held) = AsyncStream<Void>.makeStream()
        }
    }

    private init(scripted: ScriptedServer, world: World) {
        self.scripted = scripted
        self.world = world
    }

    static func start() async throws -> FakeMessagePackChatServer {
        let world = World()
        let scripted = try await ScriptedServer.start { connection in
            let session = Session(world: world)
            return ScriptedSession(onRead: { connection, bytes in session.received(bytes, on: connection) },
                                   onClose: { session.closed(connection) })
        }
        return FakeMessagePackChatServer(scripted: scripted, world: world)
    }

    var endpoint: Endpoint { scripted.endpoint }

    func stop() { scripted.stop() }

    /// Returns once a request has been held back.
    func waitForHeldRequest() async throws {
        let holds = world.holds
        try await withTimeout(5, "a held request") {
            var iterator = holds.makeAsyncIterator()
            _ = await iterator.next()
        }
    }

    /// Disconnects every client.
    func dropEveryone() {
        let connections = world.state.withLock { $0.online.values.flatMap { $0 } }
        for connection in connections { connection.close() }
    }

    private final class Session {
        let world: World
        var decoder = MessagePackStreamDecoder()
        var held: MessagePackChatResponse?

        init(world: World) { self.world = world }

        func received(_ bytes: [UInt8], on connection: Connection) {
            decoder.append(bytes)
            while let value = try? decoder.next() {
                guard let request = try? MessagePackChatRequest(value) else {
                    connection.write(MessagePackChatResponse.failure("bad request").encoded())
                    continue
                }
                if case .joinGroup(_, _, "hold") = request, held == nil {
                    held = .failure("late")
                    world.held.yield()
                    continue
                }
                if let late = held {
                    connection.write(late.encoded())
                    held = nil
                }
                connection.write(answer(request, on: connection).encoded())
            }
        }

        func closed(_ connection: Connection) {
            world.state.withLock { state in
                for (name, connections) in state.online { state.online[name] = connections.filter { $0 !== connection } }
            }
        }

        private func answer(_ request: MessagePackChatRequest, on connection: Connection) -> MessagePackChatResponse {
            world.state.withLock { state in
                if let token = request.token, token != "token-\(request.username)" { return .failure("invalid token") }
                switch request {
                case let .register(username, password):
                    guard state.passwords[username] == nil else { return .failure("username '\(username)' is taken") }
                    state.passwords[username] = password
                    return .ok
                case let .login(username, password):
                    guard state.passwords[username] == password else { return .failure("wrong username or password") }
                    state.online[username, default: []].append(connection)
                    return .loggedIn(username: username, token: "token-\(username)")
                case .logout(let username, _):
                    state.online[username] = nil
                    return .ok
                case .addContact:
                    return .ok
                case let .whisper(username, _, recipient, content):
                    guard let targets = state.online[recipient] else { return .failure("\(recipient) is not online") }
                    let update = MessagePackChatUpdate.whisper(sender: username, content: content).encoded()
                    for target in targets { target.write(update) }
                    return .ok
                case let .createGroup(_, _, group):
                    guard !group.hasPrefix("fail-") else { return .failure(group) }
                    state.groups[group] = []
                    return .ok
                case let .joinGroup(username, _, group):
                    guard state.groups[group] != nil else { return .failure("no group '\(group)'") }
                    state.groups[group]?.insert(username)
                    return .ok
                case let .msgGroup(username, _, group, content):
                    guard let members = state.groups[group] else { return .failure("no group '\(group)'") }
                    let update = MessagePackChatUpdate.msgGroup(groupName: group, sender: username, content: content).encoded()
                    for member in members where member != username {
                        for target in state.online[member] ?? [] { target.write(update) }
                    }
                    return .ok
                }
            }
        }
    }
}
