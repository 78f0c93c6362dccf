import BesterClient
import Synchronization

/// Just enough of a ChatMaster server to exercise the client: the login
/// request on connect, zlib when asked (unless refused), sessions, channel
/// lists, joins, renames, and messages echoed back by "echo".
final class FakeChatMasterServer: Sendable {
    let scripted: ScriptedServer
    private let counter: Counter

    private init(scripted: ScriptedServer, counter: Counter) {
        self.scripted = scripted
        self.counter = counter
    }

    static func start(refusingCompression: Bool = false) async throws -> FakeChatMasterServer {
        let counter = Counter()
        let scripted = try await ScriptedServer.start { connection in
            let session = Session(refusingCompression: refusingCompression, compressed: counter)
            connection.write(session.line(.request(.login)))
            return ScriptedSession { connection, bytes in session.received(bytes, on: connection) }
        }
        return FakeChatMasterServer(scripted: scripted, counter: counter)
    }

    /// Client packages that arrived compressed and decoded fine.
    var compressedPackagesSeen: Int { counter.value.withLock { $0 } }

    var endpoint: Endpoint { scripted.endpoint }

    func stop() { scripted.stop() }

    final class Counter: Sendable {
        let value = Mutex(0)
    }

    private final class Session {
        var inbound = ChatMasterInboundStream()
        var outbound = ChatMasterOutboundStream()
        var nickname = ""
        let refusingCompression: Bool
        let compressed: Counter

        init(refusingCompression: Bool, compressed: Counter) {
            self.refusingCompression = refusingCompression
            self.compressed = compressed
        }

        func line(_ package: ChatMasterPackage) -> [UInt8] {
            (try? outbound.bytes(for: package)) ?? []
        }

        func received(_ bytes: [UInt8], on connection: Connection) {
            try? inbound.append(bytes)
            while let object = try? inbound.nextObject() {
                guard let package = try? ChatMasterClientPackage(object) else { continue }
                if inbound.isDecompressing { compressed.value.withLock { $0 += 1 } }
                answer(package, on: connection)
            }
        }

        private func answer(_ package: ChatMasterClientPackage, on connection: Connection) {
            switch package {
            case .command(.compression(let algorithm)):
                guard !refusingCompression, algorithm == "zlib" else {
                    connection.write(line(.error(ChatMasterErrorReport(errorType: "compression", message: "compression is off here"))))
                    return
                }
                guard let inflate = try? ZlibDecompressor(), let deflate = try? ZlibCompressor() else { return }
                connection.write(line(.notification(.compression(algorithm: "zlib"))))
                try? inbound.beginDecompression(with: inflate)
                outbound.beginCompression(with: deflate)
            case .command(.login(let username, _)):
                if username == "taken" {
                    connection.write(line(.session(.refused(reason: "Username is already taken."))))
                } else {
                    nickname = username
                    connection.write(line(.session(.accepted(channels: ["general"]))))
                }
            case .command(.listChannels):
                connection.write(line(.notification(.channelList(channels: ["general", "rust"]))))
            case .command(.join(let channel)):
                if channel == "forbidden" {
                    connection.write(line(.error(ChatMasterErrorReport(errorType: "join", message: "you may not join forbidden"))))
                } else {
                    connection.write(line(.notification(.userJoined(username: nickname))))
                    // A notification from a newer server, which this client cannot read.
                    let unknown = Array(#"{"type":"notification","data":{"event_type":"user_typing","username":"echo"}}"#.utf8) + [10]
                    connection.write((try? outbound.bytes(forLine: unknown)) ?? [])
                }
            case .command(.rename(let username)):
                connection.write(line(.notification(.userRename(oldUsername: nickname, newUsername: username))))
                nickname = username
            case .command:
                break
            case .message(let message):
                connection.write(line(.message(ChatMasterMessage(text: message.text, username: "echo"))))
            }
        }
    }
}
