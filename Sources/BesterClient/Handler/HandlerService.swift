import BesterIO
import BesterProtocol
import Glibc
import Synchronization

/// An external message handler written in Swift: a program of its own that
/// listens on a Unix socket and answers each message besterd sends it.
///
/// ```swift
/// import BesterClient
///
/// try await HandlerService.serve { request in
///     let text = request.data["text"]?.stringValue ?? ""
///     return HandlerReply(command: .reply, data: ["upper": .string(text.uppercased())])
/// }
/// ```
///
/// It works with both of besterd's connection modes: every connection may
/// carry any number of requests, which are answered in the order they came,
/// as persistent mode needs. An error thrown by the closure becomes a
/// failure reply (status `"1"`, data `{"error": ...}`), which the sender
/// receives as `handlerFailed`.
///
/// A handler that only computes (no waiting on I/O, locks or sleeps) can
/// answer right on the event loop, which saves a task and two thread hops
/// per request:
///
/// ```swift
/// try await HandlerService.serve(.immediate { request in
///     HandlerReply(command: .reply, data: request.data)
/// })
/// ```
public final class HandlerService: Sendable {
    /// The answer to one request, from a task.
    public typealias Handle = @Sendable (HandlerRequest) async throws -> HandlerReply

    /// How requests are answered.
    public enum Handler: Sendable {
        /// Each request in a task of its own, so requests that wait run
        /// concurrently: for handlers that await storage, network or other
        /// services.
        case async(Handle)
        /// On the event loop thread, as each request arrives: the fastest,
        /// for handlers that compute and return; one that blocks holds up
        /// every request on its loop.
        case immediate(@Sendable (HandlerRequest) throws -> HandlerReply)
    }

    /// The Unix socket it listens on.
    public let socketPath: String
    /// Whether requests are envelopes (`{sender, id, type, data, dialect}`)
    /// rather than bare data; must match the handler's `envelope` setting in
    /// besterd's configuration.
    public let receivesEnvelopes: Bool
    private let group: EventLoopGroup
    private let ownsGroup: Bool
    private let state = Mutex<State>(State())

    private struct State {
        var listener: Listener?
        var connections: [ObjectIdentifier: Connection] = [:]
        var stopped = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    /// A service for `socketPath`, on `group` (by default a group of one
    /// loop of its own).
    public init(socketPath: String, receivesEnvelopes: Bool = false, group: EventLoopGroup? = nil) throws {
        self.socketPath = socketPath
        self.receivesEnvelopes = receivesEnvelopes
        self.group = try group ?? EventLoopGroup(loopCount: 1)
        self.ownsGroup = group == nil
    }

    /// Serves with `handle` on `socketPath`, or the socket besterd names in
    /// `$BESTER_SOCKET_PATH`, expecting envelopes when
    /// `$BESTER_HANDLER_ENVELOPE` is `1` (both set by besterd for the
    /// programs it starts). Runs until the task is cancelled.
    public static func serve(socketPath: String? = nil, receivesEnvelopes: Bool? = nil, _ handle: @escaping Handle) async throws {
        try await serve(socketPath: socketPath, receivesEnvelopes: receivesEnvelopes, .async(handle))
    }

    /// Serves with `handler`; the socket and envelope defaults are those of
    /// the closure form above.
    public static func serve(socketPath: String? = nil, receivesEnvelopes: Bool? = nil, _ handler: Handler) async throws {
        guard let path = socketPath ?? environment("BESTER_SOCKET_PATH") else {
            throw IOError("serve", message: "no socket path: pass one or set BESTER_SOCKET_PATH")
        }
        let service = try HandlerService(socketPath: path,
                                         receivesEnvelopes: receivesEnvelopes ?? (environment("BESTER_HANDLER_ENVELOPE") == "1"))
        try await service.run(handler)
    }

    /// Binds the socket (replacing a stale one) and answers each request in
    /// a task with `handle` until ``stop()`` or cancellation; then closes
    /// everything.
    public func run(_ handle: @escaping Handle) async throws {
        try await run(.async(handle))
    }

    /// Binds the socket (replacing a stale one) and answers requests with
    /// `handler` until ``stop()`` or cancellation; then closes everything.
    public func run(_ handler: Handler) async throws {
        try await start(handler)
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let stopped = state.withLock { state -> Bool in
                    if !state.stopped { state.waiters.append(continuation) }
                    return state.stopped
                }
                if stopped { continuation.resume() }
            }
        } onCancel: {
            stop()
        }
    }

    /// Binds the socket and starts answering each request in a task with
    /// `handle`; returns once it listens.
    public func start(_ handle: @escaping Handle) async throws {
        try await start(.async(handle))
    }

    /// Binds the socket and starts answering with `handler`; returns once it listens.
    public func start(_ handler: Handler) async throws {
        let loop = group.loops[0]
        let group = self.group
        let address = SocketAddress.unix(path: socketPath)
        let listener = try await loop.submit { [self] in
            try Listener.bind(address, on: loop, onAccept: { [self] socket in
                let target = group.next()
                target.execute { [self] in adopt(socket, on: target, handler: handler) }
            })
        }
        let stopped = state.withLock { state -> Bool in
            if !state.stopped { state.listener = listener }
            return state.stopped
        }
        if stopped { listener.close() }
    }

    /// Stops listening, removes the socket file, closes every connection and
    /// stops the service's own event loop, if it made one (any thread).
    public func stop() {
        let (wasStopped, listener, connections, waiters) = state.withLock { state in
            let wasStopped = state.stopped
            state.stopped = true
            defer {
                state.listener = nil
                state.connections = [:]
                state.waiters = []
            }
            return (wasStopped, state.listener, Array(state.connections.values), state.waiters)
        }
        guard !wasStopped else { return }
        listener?.close()
        for connection in connections { connection.close() }
        // Queued after the closes above, so they happen first.
        if ownsGroup { group.shutdown() }
        for waiter in waiters { waiter.resume() }
    }

    private func adopt(_ socket: AcceptedSocket, on loop: EventLoop, handler: Handler) {
        let limits = ConnectionLimits(maximumPendingOutputBytes: 64 * 1024 * 1024, readPauseThresholdBytes: 4 * 1024 * 1024)
        do {
            let connection = try Connection.adopt(socket, on: loop, limits: limits) { [self] connection in
                HandlerServiceConnection(connection: connection, receivesEnvelopes: receivesEnvelopes, handler: handler) { [self] in
                    _ = state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(connection)) }
                }
            }
            let stopped = state.withLock { state -> Bool in
                if !state.stopped { state.connections[ObjectIdentifier(connection)] = connection }
                return state.stopped
            }
            if stopped { connection.close() }
        } catch {
            // The socket is closed with the AcceptedSocket; nothing to answer.
        }
    }

    private static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
