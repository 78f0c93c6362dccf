import BesterIO
import BesterProtocol

/// One connection of a ``BesterClient``: cuts the byte stream into frames,
/// reads each as a server message in the connection's dialect, waits for
/// the first response (the login), then hands every message to the client.
///
/// Everything but ``send(_:)`` and ``close(with:)`` runs on the connection's
/// loop; so does every call it makes into the client.
final class BesterLink: ConnectionHandler, @unchecked Sendable {
    private enum Phase { case connecting, handshaking, ready, closed }

    let loop: EventLoop
    let dialect: Dialect
    /// Fires once the connection has closed.
    let closed = CloseSignal()
    private weak var client: BesterClient?
    private var connection: Connection?
    private var decoder: FrameDecoder
    private var phase = Phase.connecting
    private var handshakeCompletion: ((Result<Response, BesterClientError>) -> Void)?
    private var handshakeTimer: ScheduledTimer?
    /// What the server last said on its own: the likely reason it closes.
    private var lastNotice: Notice?
    /// Why this side closed the connection, when it was not the peer.
    private var failure: BesterClientError?
    private var endedByPeer = false
    /// The client's events were not taken fast enough: later frames wait in
    /// the decoder until ``resume()``.
    private var consumerBehind = false
    private let parser = JSONParser()
    /// Scratch space reused for every frame read.
    private var parseWorkspace = JSONParseWorkspace()

    init(client: BesterClient, loop: EventLoop, dialect: Dialect, maximumFrameSize: Int) {
        self.client = client
        self.loop = loop
        self.dialect = dialect
        decoder = FrameDecoder(maximumFrameSize: maximumFrameSize)
    }

    /// Takes the connection this link handles (loop; from `makeHandler`).
    func attach(_ connection: Connection) {
        self.connection = connection
    }

    /// Sends the first frame and waits for the first response: success means
    /// logged in, and the client has taken the link as its connection.
    func handshake(firstFrame: [UInt8], timeout: Duration) async -> Result<Response, BesterClientError> {
        await withCheckedContinuation { continuation in
            loop.execute { [self] in
                guard phase == .connecting, let connection, connection.isOpen, failure == nil else {
                    continuation.resume(returning: .failure(failure ?? closeError(.closedByPeer)))
                    if let connection, connection.isOpen { connection.close() }
                    return
                }
                phase = .handshaking
                handshakeCompletion = { continuation.resume(returning: $0) }
                handshakeTimer = loop.scheduleTimer(after: timeout) { [self] in
                    fail(.timedOut(after: timeout))
                }
                connection.write(firstFrame)
                // Anything the server sent first (a refusal) is read now.
                processFrames()
            }
        }
    }

    /// Queues a frame (any thread).
    func send(_ frame: [UInt8]) {
        loop.perform { [self] in connection?.write(frame) }
    }

    /// Closes once queued frames are sent, or at once after `grace` (any
    /// thread). `error` is what a handshake still waiting is told.
    func close(with error: BesterClientError, grace: Duration) {
        loop.execute { [self] in
            if failure == nil { failure = error }
            guard let connection, phase != .connecting else { return }
            connection.closeAfterFlush()
            loop.scheduleTimer(after: grace) { connection.close() }
        }
    }

    /// Goes on with frames held back while the consumer was behind (loop).
    func resume() {
        consumerBehind = false
        processFrames()
        reconcileReading()
    }

    /// Pauses or resumes reading to match the client's event buffer (loop).
    private func reconcileReading() {
        guard phase == .ready, let connection, let client else { return }
        if client.eventsArePaused { connection.pauseReading() } else { connection.resumeReading() }
    }

    // MARK: ConnectionHandler

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        do {
            // Whole frames are read straight from the read buffer.
            try decoder.decode(bytes, while: { isTakingFrames }) { handleFrame($0) }
        } catch {
            fail(.protocolViolation("bad framing: \(error)"))
        }
        reconcileReading()
    }

    func connectionDidReachEndOfInput(_ connection: Connection) {
        endedByPeer = true
        connection.close()
    }

    func connection(_ connection: Connection, didCloseWith reason: ConnectionCloseReason) {
        let wasReady = phase == .ready
        phase = .closed
        handshakeTimer?.cancel()
        let error = failure ?? closeError(endedByPeer ? .closedByPeer : reason)
        if let completion = handshakeCompletion {
            handshakeCompletion = nil
            completion(.failure(error))
        } else if wasReady {
            client?.linkClosed(self, error: error)
        }
        closed.fire()
    }

    // MARK: Reading

    private var isTakingFrames: Bool {
        (phase == .handshaking || phase == .ready) && !consumerBehind
    }

    /// Handles the frames held in the decoder, for as long as they may be.
    private func processFrames() {
        do {
            try decoder.drain(while: { isTakingFrames }) { handleFrame($0) }
        } catch {
            fail(.protocolViolation("bad framing: \(error)"))
        }
    }

    private func handleFrame(_ body: UnsafeRawBufferPointer) {
        let message: ServerMessage
        do {
            message = try ServerMessage.parse(try parser.parse(body, reusing: &parseWorkspace), dialect: dialect)
        } catch let error as JSONParseError {
            fail(.protocolViolation("a frame is not JSON: \(error)"))
            return
        } catch {
            fail(.protocolViolation("not a \(dialect) server message: \(error)"))
            return
        }
        if case .notice(let notice) = message { lastNotice = notice }
        if phase == .handshaking {
            handshake(received: message)
        } else if client?.received(message) == false {
            consumerBehind = true
        }
    }

    private func handshake(received message: ServerMessage) {
        guard case .response(let response) = message else { return }
        handshakeTimer?.cancel()
        guard response.isSuccess else {
            fail(.rejected(response))
            return
        }
        phase = .ready
        guard let client, client.linkReady(self, response: response) else {
            fail(.closed)
            return
        }
        let completion = handshakeCompletion
        handshakeCompletion = nil
        completion?(.success(response))
    }

    /// Closes the connection because of `error` (loop).
    private func fail(_ error: BesterClientError) {
        if failure == nil { failure = error }
        connection?.close()
    }

    private func closeError(_ reason: ConnectionCloseReason) -> BesterClientError {
        .connectionLost(reason, notice: lastNotice)
    }
}
