import BesterIO

/// One connection of a chat client: runs the codec on the connection's
/// loop, hands each message to the client, and reports the end.
///
/// Reading stops at a message boundary while the client's events are not
/// being taken (`receive` returns false) and goes on with ``resume()``.
final class ChatLink<Codec: ChatCodec>: ConnectionHandler, @unchecked Sendable {
    let loop: EventLoop
    /// Fires once the connection has closed.
    let closed = CloseSignal()
    private var codec: Codec
    private var connection: Connection?
    /// Takes a message (loop); false when reading should pause.
    private let receive: (Codec.Inbound) -> Bool
    /// Whether the client's events are paused.
    private let eventsArePaused: () -> Bool
    /// Told why the connection ended (loop), once.
    private let onClose: (ChatClientError) -> Void
    private var failure: ChatClientError?
    private var endedByPeer = false
    private var isOpen = true

    init(loop: EventLoop, codec: Codec, receive: @escaping (Codec.Inbound) -> Bool,
         eventsArePaused: @escaping () -> Bool, onClose: @escaping (ChatClientError) -> Void) {
        self.loop = loop
        self.codec = codec
        self.receive = receive
        self.eventsArePaused = eventsArePaused
        self.onClose = onClose
    }

    /// Takes the connection (loop; from `makeHandler`).
    func attach(_ connection: Connection) {
        self.connection = connection
    }

    /// Encodes and writes a message, in call order (any thread).
    func send(_ message: Codec.Outbound) {
        loop.perform { [self] in write(message) }
    }

    /// Closes once queued output is sent, or at once after `grace` (any thread).
    func close(grace: Duration) {
        loop.execute { [self] in
            guard let connection else { return }
            connection.closeAfterFlush()
            loop.scheduleTimer(after: grace) { connection.close() }
        }
    }

    /// Goes on with messages held back while the consumer was behind (loop).
    func resume() {
        processMessages()
        reconcileReading()
    }

    private func write(_ message: Codec.Outbound) {
        guard isOpen, let connection else { return }
        do {
            connection.write(try codec.encode(message))
        } catch {
            fail(error)
        }
    }

    // MARK: ConnectionHandler

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        do {
            try codec.append(bytes)
        } catch {
            fail(error)
            return
        }
        processMessages()
        reconcileReading()
    }

    func connectionDidReachEndOfInput(_ connection: Connection) {
        endedByPeer = true
        connection.close()
    }

    func connection(_ connection: Connection, didCloseWith reason: ConnectionCloseReason) {
        isOpen = false
        onClose(failure ?? .connectionLost(endedByPeer ? .closedByPeer : reason))
        closed.fire()
    }

    // MARK: Reading

    private func processMessages() {
        while isOpen {
            let message: Codec.Inbound
            do {
                guard let next = try codec.next() else { return }
                message = next
            } catch {
                fail(error)
                return
            }
            if !receive(message) { return }
        }
    }

    private func reconcileReading() {
        guard isOpen, let connection else { return }
        if eventsArePaused() { connection.pauseReading() } else { connection.resumeReading() }
    }

    private func fail(_ error: ChatClientError) {
        if failure == nil { failure = error }
        connection?.close()
    }
}
