import BesterIO
import Synchronization

/// What the two chat clients share: one connection, calls that wait for
/// answers matched by order (the chat protocols carry no ids), each with a
/// deadline and cancellation, and a sequence of events.
///
/// Answers are matched first-come first-served per key: the MessagePack
/// chat protocol answers every request in order (one key); ChatMaster
/// answers a few commands with packages of their own kind (one key each).
/// A call that times out or is cancelled leaves its place in the queue, so
/// its late answer is still matched to it, and dropped.
final class ChatConnection<Codec: ChatCodec, Key: Hashable & Sendable, Event: Sendable>: Sendable {
    let endpoint: Endpoint
    let options: ChatClientOptions
    let loop: EventLoop
    let channel: EventChannel<Event>
    private let route: @Sendable (Codec.Inbound) -> ChatRoute<Key, Event>
    private let disconnected: @Sendable (ChatClientError) -> Event
    private let state = Mutex(State())

    private struct State {
        var link: ChatLink<Codec>?
        var isClosed = false
        /// Waiting calls, tagged with their timeout.
        var calls = PendingCalls<Codec.Inbound, ChatClientError, Duration>()
        /// Tickets in the order their messages were written, per key.
        var queues: [Key: [UInt64]] = [:]
    }

    private init(endpoint: Endpoint, options: ChatClientOptions, loop: EventLoop,
                 route: @escaping @Sendable (Codec.Inbound) -> ChatRoute<Key, Event>,
                 disconnected: @escaping @Sendable (ChatClientError) -> Event) {
        self.endpoint = endpoint
        self.options = options
        self.loop = loop
        self.route = route
        self.disconnected = disconnected
        channel = EventChannel(buffering: options.eventBuffering)
        channel.onResume { [weak self] in
            guard let link = self?.state.withLock({ $0.link }) else { return }
            link.loop.execute { link.resume() }
        }
    }

    deinit {
        state.withLock { $0.link }?.close(grace: .zero)
        channel.finish()
    }

    /// Connects; `route` says what each arriving message is.
    static func open(_ endpoint: Endpoint, options: ChatClientOptions, codec: Codec,
                     route: @escaping @Sendable (Codec.Inbound) -> ChatRoute<Key, Event>,
                     disconnected: @escaping @Sendable (ChatClientError) -> Event) async throws(ChatClientError) -> ChatConnection {
        let group: EventLoopGroup
        if let given = options.eventLoopGroup {
            group = given
        } else {
            do { group = try EventLoopGroup.shared() } catch { throw .cannotConnect(endpoint, error) }
        }
        let connection = ChatConnection(endpoint: endpoint, options: options, loop: group.next(), route: route, disconnected: disconnected)
        let link = ChatLink(loop: connection.loop, codec: codec,
                            receive: { [weak connection] in connection?.received($0) ?? true },
                            eventsArePaused: { [weak connection] in connection?.channel.isPaused ?? false },
                            onClose: { [weak connection] in connection?.linkClosed($0) })
        connection.state.withLock { $0.link = link }
        do {
            _ = try await Connection.connect(to: endpoint, on: connection.loop, timeout: options.connectTimeout, makeHandler: { socket in
                link.attach(socket)
                return link
            })
        } catch {
            connection.state.withLock { $0.isClosed = true }
            connection.channel.finish()
            throw .cannotConnect(endpoint, error)
        }
        return connection
    }

    /// Writes `message` and waits for the answer matched under `key`.
    func call(_ message: Codec.Outbound, answeredUnder key: Key, timeout: Duration?) async throws(ChatClientError) -> Codec.Inbound {
        guard !Task.isCancelled else { throw .cancelled }
        let timeout = timeout ?? options.requestTimeout
        let ticket = state.withLock { $0.calls.makeTicket() }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let deadline = MonotonicClock.now() + timeout.nanoseconds
                let outcome = state.withLock { state -> Result<UInt64?, ChatClientError> in
                    guard !state.isClosed, let link = state.link else { return .failure(.closed) }
                    // Written under the lock, so the queue order is the wire order.
                    link.send(message)
                    state.queues[key, default: []].append(ticket)
                    return .success(state.calls.add(ticket, continuation: continuation, deadline: deadline, tag: timeout))
                }
                switch outcome {
                case .failure(let error):
                    continuation.resume(returning: .failure(error))
                case .success(let timer):
                    if let timer { loop.schedule(atDeadline: timer) { [weak self] in self?.expireCalls(timerDeadline: timer) } }
                    if Task.isCancelled { finishCall(ticket, with: .failure(.cancelled)) }
                }
            }
        } onCancel: {
            finishCall(ticket, with: .failure(.cancelled))
        }
        return try result.get()
    }

    /// Writes `message` without waiting for anything.
    func send(_ message: Codec.Outbound) throws(ChatClientError) {
        try state.withLock { state throws(ChatClientError) in
            guard !state.isClosed, let link = state.link else { throw .closed }
            link.send(message)
        }
    }

    /// True until the connection ends or ``close()``.
    var isOpen: Bool { state.withLock { !$0.isClosed } }

    /// Closes once what was written is sent; waiting calls fail with
    /// ``ChatClientError/closed``; the events end.
    func close() async {
        let (link, calls) = state.withLock { state -> (ChatLink<Codec>?, [PendingCalls<Codec.Inbound, ChatClientError, Duration>.Call]) in
            guard !state.isClosed else { return (nil, []) }
            state.isClosed = true
            state.queues = [:]
            defer { state.link = nil }
            return (state.link, state.calls.removeAll())
        }
        for call in calls { call.resume(.failure(.closed)) }
        channel.finish()
        if let link {
            link.close(grace: options.connectTimeout)
            await link.closed.wait()
        }
    }

    // MARK: From the link (loop)

    private func received(_ message: Codec.Inbound) -> Bool {
        switch route(message) {
        case let .answer(key, otherwise):
            let answered = state.withLock { state -> (matched: Bool, call: PendingCalls<Codec.Inbound, ChatClientError, Duration>.Call?) in
                guard var queue = state.queues[key], !queue.isEmpty else { return (false, nil) }
                let ticket = queue.removeFirst()
                state.queues[key] = queue.isEmpty ? nil : queue
                return (true, state.calls.remove(ticket))
            }
            if answered.matched {
                answered.call?.resume(.success(message))
                return true
            }
            guard let otherwise else { return true }
            return !channel.yield(otherwise)
        case .event(let event):
            return !channel.yield(event)
        }
    }

    private func linkClosed(_ error: ChatClientError) {
        let calls = state.withLock { state -> [PendingCalls<Codec.Inbound, ChatClientError, Duration>.Call]? in
            guard !state.isClosed else { return nil }
            state.isClosed = true
            state.link = nil
            state.queues = [:]
            return state.calls.removeAll()
        }
        guard let calls else { return }
        for call in calls { call.resume(.failure(error)) }
        channel.yield(disconnected(error))
        channel.finish()
    }

    private func finishCall(_ ticket: UInt64, with result: Result<Codec.Inbound, ChatClientError>) {
        state.withLock { $0.calls.remove(ticket) }?.resume(result)
    }

    private func expireCalls(timerDeadline: UInt64) {
        let outcome = state.withLock { state in state.calls.removeExpired(now: MonotonicClock.now(), timerDeadline: timerDeadline) }
        if let next = outcome.nextTimer {
            loop.schedule(atDeadline: next) { [weak self] in self?.expireCalls(timerDeadline: next) }
        }
        for call in outcome.expired { call.resume(.failure(.timedOut(after: call.tag))) }
    }
}
