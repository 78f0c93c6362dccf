import BesterIO
import BesterProtocol
import Foundation
@testable import BesterServer

extension TestServer {
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

    /// Sends a request and returns its response, skipping deliveries.
    func ask(_ type: String, _ data: JSONValue, id: String) async throws -> JSONValue {
        send(request(type, data, id: id))
        while true {
            let frame = try await receive()
            if frame.messageType == "statusReport" { return frame }
        }
    }
}

struct ConnectionEnded: Error {}

extension JSONValue {
    /// `header.status`.
    var status: String? { self["header"]?["status"]?.stringValue }
    /// `header.error.code`.
    var errorCode: String? { self["header"]?["error"]?["code"]?.stringValue }
    /// `header.messageType`.
    var messageType: String? { self["header"]?["messageType"]?.stringValue }
    /// `header.error.message`.
    var errorMessage: String { self["header"]?["error"]?["message"]?.stringValue ?? "" }
    /// `payload.data` of a v2/v2.1 response.
    var payloadData: JSONValue? { self["payload"]?["data"] }
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

