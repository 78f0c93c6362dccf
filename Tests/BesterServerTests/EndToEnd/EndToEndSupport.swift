import BesterIO
import BesterProtocol
import Foundation
@testable import BesterServer

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Runs `body`, failing if it has not finished within `seconds`: tests wait
/// on events, never on the clock, but must not hang when one never comes.
func withTimeout<T: Sendable>(_ seconds: Double = 10, _ what: String = "an event",
                              _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimedOut(what: what)
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw TimedOut(what: what) }
        return first
    }
}

extension ServerConfiguration {
    /// Ephemeral, with the cheapest password hashing so tests are fast.
    static func testing(_ adjust: (inout ServerConfiguration) -> Void = { _ in }) -> ServerConfiguration {
        var configuration = ServerConfiguration.ephemeral
        configuration.accounts.hashCost = 1
        configuration.logLevel = .error
        adjust(&configuration)
        return configuration
    }
}

/// A started server on a free loopback port, stopped by ``stop()``.
struct TestServer {
    let server: BesterServer

    static func start(_ configuration: ServerConfiguration = .testing(),
                      setUp: (BesterServer) -> Void = { _ in }) async throws -> TestServer {
        let server = try BesterServer(configuration: configuration, logger: .silent, loopCount: 2)
        setUp(server)
        try await server.start()
        return TestServer(server: server)
    }

    var address: SocketAddress { server.listeningAddresses[0] }

    func stop() async { await server.shutdown() }

    /// Creates accounts directly in the store.
    func addUsers(_ names: String..., password: String = "password1") async throws {
        for name in names { try await server.accounts.register(username: name, password: password) }
    }

    /// Connects and logs in as `user` in `dialect` (first frame: whoami).
    func login(_ user: String, password: String = "password1", dialect: Dialect = .v2_1) async throws -> RawClient {
        let client = try await RawClient.connect(to: address)
        let credentials = Credentials(username: user, password: password)
        switch dialect {
        case .v3:
            client.send(["header": ["identify": ["type": "client", "authentication": credentials.json]]])
        default:
            client.send(BuiltinCommand.whoami.request(credentials: credentials).json(in: dialect))
        }
        let reply = try await client.receive()
        guard reply["header"]?["status"] == "good" else { throw LoginFailed(reply: reply) }
        return client
    }
}

struct LoginFailed: Error, CustomStringConvertible {
    let reply: JSONValue
    var description: String { "login failed: \(reply)" }
}

/// A bare Bester client for tests: sends JSON frames (or raw bytes), and
/// receives decoded frames with a timeout.
final class RawClient: Sendable {
    let connection: AsyncConnection
    private let frames: AsyncThrowingStream<JSONValue, any Error>

    static let group: EventLoopGroup = {
        do { return try EventLoopGroup(loopCount: 1) } catch { fatalError("test event loop: \(error)") }
    }()

    private init(connection: AsyncConnection) {
        self.connection = connection
        let (stream, continuation) = AsyncThrowingStream<JSONValue, any Error>.makeStream()
        frames = stream
        Task {
            var decoder = FrameDecoder()
            do {
                for try await chunk in connection.inbound {
                    decoder.append(chunk)
                    while let body = try decoder.nextFrame() {
                        continuation.yield(try JSONParser.parse(body))
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }

    static func connect(to address: SocketAddress) async throws -> RawClient {
        RawClient(connection: try await AsyncConnection.connect(to: address, on: group.next()))
    }

    /// Sends one frame holding `json`.
    func send(_ json: JSONValue) { connection.send(FrameEncoder.frame(json)) }

    /// Sends raw bytes.
    func sendRaw(_ bytes: [UInt8]) { connection.send(bytes) }

    /// The next frame; nil when the server closed the connection.
    func receiveOrEnd(within seconds: Double = 10) async throws -> JSONValue? {
        let frames = self.frames
        return try await withTimeout(seconds, "a frame from the server") {
            var iterator = frames.makeAsyncIterator()
            return try await iterator.next()
        }
    }

    /// The next frame; throws if the connection ended.
    func receive(within seconds: Double = 10) async throws -> JSONValue {
        guard let frame = try await receiveOrEnd(within: seconds) else { throw ConnectionEnded() }
        return frame
    }

    /// Waits until the server closes the connection, skipping frames.
    func waitForClose(within seconds: Double = 10) async throws {
        while try await receiveOrEnd(within: seconds) != nil {}
    }

    func close() { connection.close() }
}

struct ConnectionEnded: Error {}

extension JSONValue {
    /// `header.status`.
    var status: String? { self["header"]?["status"]?.stringValue }
    /// `header.error.code`.
    var errorCode: String? { self["header"]?["error"]?["code"]?.stringValue }
    /// `header.messageType`.
    var messageType: String? { self["header"]?["messageType"]?.stringValue }
}

/// A request frame body in the v2.1 dialect (no credentials: later frames).
func request(_ type: String, _ data: JSONValue, id: String? = nil, dialect: Dialect = .v2_1) -> JSONValue {
    ClientRequest(type: type, data: data, id: id).json(in: dialect)
}

/// One frame whose body is `text`, as is (valid JSON or not).
func frameBytes(_ text: String) -> [UInt8] {
    var buffer = ByteBuffer()
    FrameEncoder.encode(body: Array(text.utf8), into: &buffer)
    return buffer.storage
}

/// Sends to the users listed in `data.to` with the data in `data.body`.
struct RelayHandler: MessageHandler {
    func handle(_ message: HandlerMessage) throws -> HandlerReply {
        let users = message.data["to"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return HandlerReply(command: .sendClients(users), data: message.data["body"] ?? .null)
    }
}

/// Passes the data to the handler named in `data.next`, appending its own name to `data.path`.
struct ForwardHandler: MessageHandler {
    let name: String
    let next: String
    func handle(_ message: HandlerMessage) throws -> HandlerReply {
        var data = message.data
        let path = (data["path"]?.arrayValue ?? []) + [.string(name)]
        data["path"] = .array(path)
        return HandlerReply(command: .sendHandler(next), data: data)
    }
}
