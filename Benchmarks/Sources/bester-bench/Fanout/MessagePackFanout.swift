import BesterClient
import BesterProtocol

/// The Bester side of the fan-out benchmark: members connected to the
/// MessagePack chat listener, registered and logged in once, then put in a
/// room of each size in turn (`room-N`: members 0 to N-1; member 0 sends).
final class MessagePackFanout: @unchecked Sendable {
    private let loop: EventLoop
    private let members: [(connection: FanoutConnection, name: String, token: String)]

    private init(loop: EventLoop, members: [(connection: FanoutConnection, name: String, token: String)]) {
        self.loop = loop
        self.members = members
    }

    /// Connects, registers and logs in `count` members, 4 at a time (the
    /// login throttle counts logins in progress per address).
    static func connect(count: Int, to address: SocketAddress, on loop: EventLoop) async throws -> MessagePackFanout {
        let prefix = "m\(UInt32.random(in: 0...UInt32.max))-"
        var members: [(FanoutConnection, String, String)] = []
        for batch in stride(from: 0, to: count, by: 4) {
            try await withThrowingTaskGroup(of: (Int, FanoutConnection, String, String).self) { group in
                for index in batch..<min(count, batch + 4) {
                    group.addTask {
                        let member = FanoutConnection()
                        let connection = try await Connection.connect(to: address, on: loop) { _ in member }
                        member.connection = connection
                        let name = prefix + "\(index)"
                        let registered = try MessagePackChatResponse(try await call(member, .register(username: name, password: "fanout-password"),
                                                                                    on: loop))
                        guard registered.isSuccess else { throw BenchmarkFailure.failed("register failed: \(registered)") }
                        let login = try MessagePackChatResponse(try await call(member, .login(username: name, password: "fanout-password"), on: loop))
                        guard login.isSuccess else { throw BenchmarkFailure.failed("login failed: \(login)") }
                        return (index, member, name, try login.loginResult().token)
                    }
                }
                var done: [(Int, FanoutConnection, String, String)] = []
                for try await member in group { done.append(member) }
                members += done.sorted { $0.0 < $1.0 }.map { ($0.1, $0.2, $0.3) }
            }
        }
        return MessagePackFanout(loop: loop, members: members)
    }

    /// Sends a request in setup mode and returns the next value received.
    private static func call(_ member: FanoutConnection, _ request: MessagePackChatRequest, on loop: EventLoop) async throws -> MessagePackValue {
        try await withCheckedThrowingContinuation { continuation in
            loop.execute {
                member.connection?.write(request.encoded())
                member.nextValue(continuation)
            }
        }
    }

    /// Measures fan-out into a room of `size` members: the best of `rounds`.
    func measure(members size: Int, window: Int, seconds: Double, rounds: Int) async throws -> FanoutResult {
        let room = "room-\(size)"
        let sender = members[0]
        let created = try MessagePackChatResponse(try await Self.call(sender.connection,
                                                                        .createGroup(username: sender.name, token: sender.token, groupName: room), on: loop))
        guard created.isSuccess else { throw BenchmarkFailure.failed("create_group failed: \(created)") }
        for member in members[1..<size] {
            let joined = try MessagePackChatResponse(try await Self.call(member.connection,
                                                                           .joinGroup(username: member.name, token: member.token, groupName: room), on: loop))
            guard joined.isSuccess else { throw BenchmarkFailure.failed("join_group failed: \(joined)") }
        }
        let request = MessagePackChatRequest.msgGroup(username: sender.name, token: sender.token, groupName: room, content: FanoutClock.text).encoded()
        let update = MessagePackChatUpdate.msgGroup(groupName: room, sender: sender.name, content: FanoutClock.text).encoded()
        let receivers = members[1..<size].map(\.connection)
        // The text is last in both, 128 bytes, and starts with the stamp.
        let framing = FanoutConnection.Framing(messageSize: update.count, timestampOffset: update.count - 128)
        let responseSize = MessagePackChatResponse.ok.encoded().count
        try await loop.submit {
            for receiver in receivers { receiver.startCounting(framing) }
            sender.connection.startCounting(FanoutConnection.Framing(messageSize: responseSize, timestampOffset: responseSize))
        }
        guard let senderConnection = sender.connection.connection else { throw BenchmarkFailure.failed("sender not connected") }
        let driver = FanoutDriver(loop: loop, sender: senderConnection, receivers: receivers, window: window,
                                  request: request, stampOffset: request.count - 128)
        var results: [FanoutResult] = []
        for _ in 0..<rounds {
            results.append(try await driver.run(warmUp: .seconds(1), duration: .seconds(seconds)))
        }
        // Wait for the last responses too, then back to setup mode.
        while try await loop.submit({ sender.connection.received < driver.sent }) {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await loop.submit {
            for receiver in receivers { receiver.stopCounting() }
            sender.connection.stopCounting()
        }
        return FanoutResult.best(of: results)
    }

    func closeAll() {
        let members = self.members
        loop.execute { for member in members { member.connection.connection?.close() } }
    }
}
