import BesterIO
import BesterProtocol
import Synchronization

/// An async Bester client: one connection, logged in, carrying many
/// requests at once, with the deliveries other users' requests cause.
///
/// ```swift
/// let client = try await BesterClient.connect(to: try Endpoint(parsing: "127.0.0.1:2223"),
///                                             as: Credentials(username: "alice", password: "secret"))
/// let response = try await client.request("echo", data: ["text": "hi"])
/// for await delivery in client.deliveries { print(delivery.from, delivery.data) }
/// await client.close()
/// ```
///
/// Requests are correlated with their responses by a generated
/// `payload.id`, so they may be answered in any order. Every call that
/// waits has a timeout and honours task cancellation; when the connection
/// is lost, every waiting call fails with
/// ``BesterClientError/connectionLost(_:notice:)``. With a
/// ``ReconnectPolicy`` the client connects and logs in again by itself.
public final class BesterClient: Sendable {
    /// Where the client connects.
    public let endpoint: Endpoint
    /// How it connects and behaves.
    public let options: Options
    let loop: EventLoop
    let channel: EventChannel<BesterClientEvent>
    let state: Mutex<State>
    private let lastGeneratedID = Atomic<UInt64>(0)

    struct State {
        var status = Status.connecting
        /// The logged-in connection, while there is one.
        var link: BesterLink?
        /// A connection still logging in, so that ``close()`` can stop it.
        var handshakingLink: BesterLink?
        var calls = PendingCalls<Response, BesterClientError, CallTag>()
        /// Tickets of waiting calls by their `payload.id`.
        var ticketsByID: [String: UInt64] = [:]
        /// What reconnecting logs in with: the last successful login.
        var credentials: Credentials
        var username: String?
        /// Logged out with ``logout()``: a new connection, which must log in
        /// with its first frame, logs out again before anything else.
        var loggedOut = false
        /// Ids of responses nobody waits for and no one should see: the
        /// `logout` that restores a logged-out state after reconnecting.
        var ignoredResponseIDs: Set<String> = []
        /// What calls are told once the client has ended: ``BesterClientError/closed``
        /// after ``close()``, or the loss that ended it (also when reconnecting gave up).
        var endedWith = BesterClientError.closed
        var reconnectTask: Task<Void, Never>?
        var keepAliveTimer: ScheduledTimer?

        mutating func loggedIn(as credentials: Credentials, response: Response) {
            self.credentials = credentials
            username = response.data["username"]?.stringValue ?? credentials.username
            loggedOut = false
        }

        mutating func removeCall(_ ticket: UInt64) -> PendingCalls<Response, BesterClientError, CallTag>.Call? {
            guard let call = calls.remove(ticket) else { return nil }
            ticketsByID[call.tag.id] = nil
            return call
        }

        mutating func removeCalls(where predicate: (PendingCalls<Response, BesterClientError, CallTag>.Call) -> Bool = { _ in true })
            -> [PendingCalls<Response, BesterClientError, CallTag>.Call]
        {
            let removed = calls.removeAll(where: predicate)
            for call in removed { ticketsByID[call.tag.id] = nil }
            return removed
        }
    }

    enum Status { case connecting, connected, reconnecting, closed }

    /// What the client keeps about a waiting request.
    struct CallTag {
        let id: String
        let timeout: Duration
        /// The frame, until it is written: requests made while reconnecting wait for the new connection.
        var unsentFrame: [UInt8]?
    }

    private init(endpoint: Endpoint, options: Options, credentials: Credentials, loop: EventLoop) {
        self.endpoint = endpoint
        self.options = options
        self.loop = loop
        channel = EventChannel(buffering: options.eventBuffering)
        state = Mutex(State(credentials: credentials))
        channel.onResume { [weak self] in self?.resumeReading() }
    }

    deinit {
        let (link, handshaking, keepAlive) = state.withLock { ($0.link, $0.handshakingLink, $0.keepAliveTimer) }
        keepAlive?.cancel()
        link?.close(with: .closed, grace: .zero)
        handshaking?.close(with: .closed, grace: .zero)
        channel.finish()
    }

    // MARK: Connecting

    /// Connects to `endpoint` and logs in.
    ///
    /// - Throws: ``BesterClientError/cannotConnect(_:_:)``,
    ///   ``BesterClientError/rejected(_:)`` (wrong credentials: code
    ///   `authenticationFailed`), ``BesterClientError/timedOut(after:)``, ...
    public static func connect(to endpoint: Endpoint, as credentials: Credentials,
                               options: Options = Options()) async throws(BesterClientError) -> BesterClient {
        try await open(endpoint, .login(credentials), options: options)
    }

    /// Connects to `endpoint` and creates the account `credentials` names
    /// (the `register` built-in on the first frame); the client is then
    /// logged in as it.
    ///
    /// - Throws: ``BesterClientError/rejected(_:)`` with `userExists`,
    ///   `invalidUsername`, `invalidPassword` or `registrationClosed`, or a
    ///   connection error.
    public static func register(at endpoint: Endpoint, as credentials: Credentials,
                                options: Options = Options()) async throws(BesterClientError) -> BesterClient {
        try await open(endpoint, .register(credentials), options: options)
    }

    private static func open(_ endpoint: Endpoint, _ handshake: Handshake, options: Options) async throws(BesterClientError) -> BesterClient {
        let group: EventLoopGroup
        if let given = options.eventLoopGroup {
            group = given
        } else {
            do { group = try EventLoopGroup.shared() } catch { throw .cannotConnect(endpoint, error) }
        }
        let loop = group.next()
        let client = BesterClient(endpoint: endpoint, options: options, credentials: handshake.credentials, loop: loop)
        do {
            try await client.establish(handshake)
        } catch {
            client.state.withLock { $0.status = .closed }
            client.channel.finish()
            throw error
        }
        if let interval = options.keepAlive { client.keepAlive(every: interval) }
        return client
    }

    /// Pings every `interval` while connected, on a timer of the client's
    /// loop. The timer holds the client weakly: a client dropped without
    /// ``close()`` still goes away.
    private func keepAlive(every interval: Duration) {
        let timer = loop.scheduleTimer(after: interval) { [weak self] in
            guard let client = self else { return }
            let status = client.state.withLock { $0.status }
            guard status != .closed else { return }
            if status == .connected { Task { _ = try? await client.ping() } }
            client.keepAlive(every: interval)
        }
        state.withLock { $0.keepAliveTimer = timer }
    }

    // MARK: State

    /// The server's spelling of the logged-in user; nil after ``logout()``.
    public var username: String? { state.withLock { $0.username } }

    /// True while logged in on a live connection.
    public var isConnected: Bool { state.withLock { $0.status == .connected } }

    /// The dialect spoken.
    public var dialect: Dialect { options.dialect }

    /// Everything that arrives unasked: deliveries, notices, unawaited
    /// responses, disconnections. One sequence per client: iterate it (or
    /// ``deliveries``) from one task.
    public var events: ClientEvents<BesterClientEvent> { channel.events }

    /// The deliveries among ``events`` (the other events are skipped).
    public var deliveries: AsyncCompactMapSequence<ClientEvents<BesterClientEvent>, Delivery> {
        events.compactMap { event in
            if case .delivery(let delivery) = event { return delivery }
            return nil
        }
    }

    var eventsArePaused: Bool { channel.isPaused }

    // MARK: Requests

    /// Sends a request and returns its successful response.
    ///
    /// - Parameters:
    ///   - type: `payload.type`: the handler, or `builtin`.
    ///   - data: `payload.data`.
    ///   - id: `payload.id`; generated when nil. Ids of waiting requests must differ.
    ///   - timeout: how long to wait; ``Options/requestTimeout`` when nil.
    /// - Throws: ``BesterClientError/rejected(_:)`` when the server answered
    ///   `bad` (the response's `error` says why); ``BesterClientError/timedOut(after:)``,
    ///   ``BesterClientError/cancelled``, ``BesterClientError/connectionLost(_:notice:)``
    ///   (also for calls made after a loss that ended the client),
    ///   ``BesterClientError/closed``, ``BesterClientError/duplicateRequestID(_:)``.
    public func request(_ type: String, data: JSONValue = .null, id: String? = nil,
                        timeout: Duration? = nil) async throws(BesterClientError) -> Response {
        // A task cancelled already sends nothing.
        guard !Task.isCancelled else { throw .cancelled }
        let timeout = timeout ?? options.requestTimeout
        let ticket = state.withLock { $0.calls.makeTicket() }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                enqueue(type: type, data: data, id: id, ticket: ticket, timeout: timeout, continuation: continuation)
                if Task.isCancelled { finishCall(ticket, with: .failure(.cancelled)) }
            }
        } onCancel: {
            finishCall(ticket, with: .failure(.cancelled))
        }
        let response = try result.get()
        guard response.isSuccess else { throw .rejected(response) }
        return response
    }

    /// Sends a request without waiting for its response, which arrives on
    /// ``events`` as ``BesterClientEvent/response(_:)``.
    ///
    /// - Throws: ``BesterClientError/notConnected`` while reconnecting;
    ///   once the client has ended, ``BesterClientError/closed`` after
    ///   ``close()`` or the ``BesterClientError/connectionLost(_:notice:)``
    ///   (or failed reconnection) that ended it.
    public func send(_ type: String, data: JSONValue = .null, id: String? = nil) throws(BesterClientError) {
        let link = try state.withLock { state throws(BesterClientError) -> BesterLink in
            guard state.status != .closed else { throw state.endedWith }
            guard let link = state.link else { throw .notConnected }
            return link
        }
        link.send(FrameEncoder.frame(ClientRequest(type: type, data: data, id: id).json(in: dialect)))
    }

    /// A number for a `payload.id` the client makes up.
    func nextGeneratedID() -> UInt64 {
        lastGeneratedID.wrappingAdd(1, ordering: .relaxed).newValue
    }

    private enum Enqueued {
        case failed(BesterClientError)
        case idTaken
        case added(link: BesterLink?, timer: UInt64?)
    }

    private func enqueue(type: String, data: JSONValue, id: String?, ticket: UInt64, timeout: Duration,
                         continuation: PendingCalls<Response, BesterClientError, CallTag>.Continuation) {
        let deadline = MonotonicClock.now() + timeout.nanoseconds
        while true {
            let wireID = id ?? String(nextGeneratedID())
            let frame = FrameEncoder.frame(ClientRequest(type: type, data: data, id: wireID).json(in: dialect))
            let outcome = state.withLock { state -> Enqueued in
                guard state.status != .closed else { return .failed(state.endedWith) }
                guard state.ticketsByID[wireID] == nil, !state.ignoredResponseIDs.contains(wireID) else {
                    return id == nil ? .idTaken : .failed(.duplicateRequestID(wireID))
                }
                state.ticketsByID[wireID] = ticket
                let tag = CallTag(id: wireID, timeout: timeout, unsentFrame: state.link == nil ? frame : nil)
                let timer = state.calls.add(ticket, continuation: continuation, deadline: deadline, tag: tag)
                return .added(link: state.link, timer: timer)
            }
            switch outcome {
            case .failed(let error):
                continuation.resume(returning: .failure(error))
            case .idTaken:
                // A caller chose an id the counter produces; take the next.
                continue
            case let .added(link, timer):
                if let timer { armTimer(for: timer) }
                link?.send(frame)
            }
            return
        }
    }

    /// Ends a waiting call, if it still waits.
    private func finishCall(_ ticket: UInt64, with result: Result<Response, BesterClientError>) {
        state.withLock { $0.removeCall(ticket) }?.resume(result)
    }

    private func armTimer(for deadline: UInt64) {
        loop.schedule(atDeadline: deadline) { [weak self] in self?.expireCalls(timerDeadline: deadline) }
    }

    private func expireCalls(timerDeadline: UInt64) {
        let (expired, next) = state.withLock { state in
            let outcome = state.calls.removeExpired(now: MonotonicClock.now(), timerDeadline: timerDeadline)
            for call in outcome.expired { state.ticketsByID[call.tag.id] = nil }
            return outcome
        }
        if let next { armTimer(for: next) }
        for call in expired { call.resume(.failure(.timedOut(after: call.tag.timeout))) }
    }

    // MARK: Closing

    /// Closes the connection once what was sent is flushed, and stops
    /// reconnecting. Waiting calls fail with ``BesterClientError/closed``;
    /// ``events`` ends. Returns once the connection is closed.
    public func close() async {
        let (link, handshaking, calls, task) = state.withLock { state in
            // From now on calls are told the client was closed, even one a lost connection had ended.
            state.endedWith = .closed
            guard state.status != .closed else { return (nil, nil, [], nil) as (BesterLink?, BesterLink?, [PendingCalls<Response, BesterClientError, CallTag>.Call], Task<Void, Never>?) }
            state.status = .closed
            state.keepAliveTimer?.cancel()
            defer {
                state.link = nil
                state.handshakingLink = nil
                state.reconnectTask = nil
                state.keepAliveTimer = nil
            }
            return (state.link, state.handshakingLink, state.removeCalls(), state.reconnectTask)
        }
        task?.cancel()
        for call in calls { call.resume(.failure(.closed)) }
        channel.finish()
        handshaking?.close(with: .closed, grace: .zero)
        if let link {
            link.close(with: .closed, grace: options.connectTimeout)
            await link.closed.wait()
        }
    }
}
