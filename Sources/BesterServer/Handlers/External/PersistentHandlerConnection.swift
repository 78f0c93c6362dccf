import BesterIO
import BesterProtocol

/// One long-lived connection to an external handler (persistent mode).
/// Requests are written back to back, as many as come, and the loop sends
/// each turn's batch in one system call; the handler answers them in order,
/// so each reply belongs to the oldest request still waiting.
///
/// A request that times out keeps its place (its late reply, if any, is
/// read and dropped), and the connection is retired: it takes no new
/// requests, since a handler stuck on one request would hold up everything
/// behind it, and it closes once the requests on it are all answered or
/// timed out. Loop-confined.
final class PersistentHandlerConnection: ConnectionHandler, @unchecked Sendable {
    private enum State { case connecting, open, retired, closed }

    private let pool: ExternalHandlerPool
    /// The handler process generation it connected to (0 when unsupervised).
    let generation: Int
    private var state = State.connecting
    private var connection: Connection?
    /// Requests written (or to be written), oldest first: the order replies come in.
    private let awaitingReply: HandlerRequestQueue
    /// Frames queued while the connection is being made.
    private var unsent: [UInt8] = []
    private var decoder: FrameDecoder

    init(pool: ExternalHandlerPool, generation: Int) {
        self.pool = pool
        self.generation = generation
        self.awaitingReply = HandlerRequestQueue(loop: pool.loop)
        self.decoder = FrameDecoder(maximumFrameSize: pool.link.maxFrameBytes)
        awaitingReply.onExpiry = { [unowned self] request in
            request.finish(.failure(pool.link.timedOut()))
            retire()
        }
    }

    /// Requests waiting for a reply.
    var load: Int { awaitingReply.count }

    /// True while it takes new requests.
    var isAccepting: Bool { state == .connecting || state == .open }

    /// Opens the connection.
    func start() {
        let link = pool.link
        Connection.connect(to: link.address, on: pool.loop, timeout: link.timeout, limits: link.connectionLimits,
                           makeHandler: { [self] _ in self }) { [self] result in
            switch result {
            case .success(let opened):
                guard state != .closed else {
                    opened.close()
                    return
                }
                connection = opened
                if state == .connecting { state = .open }
                opened.write(unsent)
                unsent = []
                closeIfDrained()
            case .failure(let error):
                state = .closed
                pool.connectionFailed(self, requests: awaitingReply.removeAll(), error: error)
            }
        }
    }

    /// Sends `request`; its reply completes it.
    func send(_ request: ExternalHandlerRequest) {
        awaitingReply.append(request)
        if let connection {
            pool.write(request, to: connection)
        } else {
            pool.withFrame(of: request) { unsent.append(contentsOf: $0) }
        }
    }

    /// Closes at once (shutdown); requests still waiting fail with `report`.
    func close(failingWaitingWith report: ErrorReport) {
        failAllWaiting(with: report)
        if let connection {
            connection.close()
        } else if state != .closed {
            // Still connecting: the connect completion will find it closed.
            state = .closed
            pool.connectionClosed(self)
        }
    }

    private func retire() {
        guard isAccepting else { return }
        state = .retired
        pool.connectionRetired(self)
        closeIfDrained()
    }

    private func closeIfDrained() {
        guard state == .retired, awaitingReply.allDone else { return }
        connection?.close()
    }

    /// Fails every request still waiting with `report`.
    private func failAllWaiting(with report: ErrorReport) {
        for request in awaitingReply.removeAll() where !request.isDone { request.finish(.failure(report)) }
    }

    private func failWaiting(_ reason: ConnectionCloseReason) {
        let unanswered = awaitingReply.removeAll().filter { !$0.isDone }
        guard !unanswered.isEmpty else { return }
        if reason != .closedLocally { pool.connectionLost(generation: generation) }
        for request in unanswered { request.finish(.failure(pool.link.closedEarly(reason))) }
    }

    // MARK: ConnectionHandler

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        var unexpectedReply = false
        do {
            // Whole replies are read straight from the read buffer.
            try decoder.decode(bytes, while: { state != .closed && !unexpectedReply }) { body in
                guard let request = awaitingReply.popFirst() else {
                    unexpectedReply = true
                    return
                }
                if !request.isDone { request.finish(pool.outcome(ofReply: body)) }
            }
        } catch {
            // A bad length prefix: the stream cannot be resynchronised.
            failAllWaiting(with: pool.link.garbage("\(error)"))
            connection.close()
            return
        }
        if unexpectedReply {
            pool.link.logger.warning("handler.unexpected_reply", ["type": pool.link.configuration.type,
                                                                  "note": "a reply with no request waiting; closing"])
            connection.close()
            return
        }
        closeIfDrained()
    }

    func connectionDidReachEndOfInput(_ connection: Connection) {
        // No more replies can come.
        failWaiting(.closedByPeer)
        connection.close()
    }

    func connection(_ connection: Connection, didCloseWith reason: ConnectionCloseReason) {
        state = .closed
        self.connection = nil
        failWaiting(reason)
        pool.connectionClosed(self)
    }
}
