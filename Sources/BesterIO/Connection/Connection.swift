import CBesterSystem
import Glibc
import Synchronization

/// A non-blocking stream socket (TCP or Unix) driven by one ``EventLoop``.
///
/// Reads are delivered to the ``ConnectionHandler`` as they arrive. Writes
/// are queued and sent at the end of the loop's turn, all at once. Methods
/// marked "any thread" hop to the loop; the rest must be called on it.
public final class Connection: EventSource, @unchecked Sendable {
    /// The loop that owns this connection.
    public let loop: EventLoop
    /// Process-unique number, for logs.
    public let id: UInt64
    /// The peer, when known.
    public let remoteAddress: SocketAddress?
    /// Output limits.
    public let limits: ConnectionLimits

    private static let nextID = Atomic<UInt64>(1)

    private let descriptor: Int32
    private var token: UInt64 = 0
    private var handler: ConnectionHandler?
    private var state: State
    private var pendingConnect: ((Result<Connection, IOError>) -> Void)?
    private var connectTimer: ScheduledTimer?

    private let output = OutputQueue()
    private var flushScheduled = false
    private var waitingForWritable = false
    private var readingPaused = false
    private var readingPausedByOwner = false
    private var inputEnded = false
    private var closeWhenFlushed = false

    private enum State { case connecting, open, closed }

    private init(descriptor: Int32, loop: EventLoop, remoteAddress: SocketAddress?, state: State, limits: ConnectionLimits) {
        self.descriptor = descriptor
        self.loop = loop
        self.remoteAddress = remoteAddress
        self.state = state
        self.limits = limits
        self.id = Self.nextID.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// Takes over an accepted socket on `loop` (loop thread). The handler is
    /// made from the connection so it can keep a reference to it.
    public static func adopt(_ socket: AcceptedSocket, on loop: EventLoop, limits: ConnectionLimits = ConnectionLimits(),
                             makeHandler: (Connection) -> ConnectionHandler) throws(IOError) -> Connection {
        let connection = Connection(descriptor: socket.takeDescriptor(), loop: loop, remoteAddress: socket.remoteAddress,
                                    state: .open, limits: limits)
        connection.handler = makeHandler(connection)
        do {
            connection.token = try loop.register(connection, descriptor: connection.descriptor, events: connection.interest)
        } catch {
            Glibc.close(connection.descriptor)
            connection.state = .closed
            connection.handler = nil
            throw error
        }
        return connection
    }

    /// Connects to `address` without blocking the loop (loop thread).
    /// `completion` runs on the loop with the open connection or the error.
    public static func connect(to address: SocketAddress, on loop: EventLoop, timeout: Duration,
                               limits: ConnectionLimits = ConnectionLimits(),
                               makeHandler: @escaping (Connection) -> ConnectionHandler,
                               completion: @escaping (Result<Connection, IOError>) -> Void) {
        let descriptor: Int32
        do { descriptor = try Socket.makeStream(for: address) } catch {
            completion(.failure(error))
            return
        }
        if case .unix = address {} else { Socket.disableNagle(descriptor) }
        let connection = Connection(descriptor: descriptor, loop: loop, remoteAddress: address, state: .connecting, limits: limits)
        connection.handler = makeHandler(connection)
        let status = address.withSockAddr { Glibc.connect(descriptor, $0, $1) }
        if status != 0 && errno != EINPROGRESS {
            let error = IOError("connect \(address)")
            Glibc.close(descriptor)
            connection.state = .closed
            connection.handler = nil
            completion(.failure(error))
            return
        }
        connection.pendingConnect = completion
        do {
            connection.token = try loop.register(connection, descriptor: descriptor, events: EPOLLOUT.rawValue)
        } catch {
            connection.failConnect(error)
            return
        }
        connection.connectTimer = loop.scheduleTimer(after: timeout) { [connection] in
            connection.failConnect(IOError("connect \(address)", code: ETIMEDOUT))
        }
        if status == 0 { connection.finishConnect() }
    }

    /// True until the connection is closed.
    public var isOpen: Bool { state != .closed }

    /// Bytes queued and not yet accepted by the kernel.
    public var pendingOutputBytes: Int { output.count }

    /// True while output waits because the kernel's send buffer is full:
    /// the peer is not reading what was sent.
    public var isWaitingForWritable: Bool { waitingForWritable }

    // MARK: Writing

    /// Queues bytes for sending at the end of this loop turn (loop thread).
    /// Past ``ConnectionLimits/maximumPendingOutputBytes`` the connection is
    /// closed as a slow consumer and the bytes are dropped.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        guard state == .open, !closeWhenFlushed else { return }
        let pending = pendingOutputBytes + bytes.count
        if pending > limits.maximumPendingOutputBytes {
            close(reason: .outboundLimitExceeded(pendingBytes: pending))
            return
        }
        output.append(bytes)
        if !flushScheduled && !waitingForWritable {
            flushScheduled = true
            loop.scheduleFlush(self)
        }
        if !readingPaused && pending > limits.readPauseThresholdBytes {
            readingPaused = true
            updateInterest()
        }
    }

    /// Queues bytes (loop thread).
    public func write<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ write(UnsafeRawBufferPointer($0)) }) {
            return done
        }
        Array(bytes).withUnsafeBytes { write($0) }
    }

    /// Queues bytes from any thread.
    public func send(_ bytes: [UInt8]) {
        loop.perform { [self] in write(bytes) }
    }

    /// Frees the output buffer kept for reuse when nothing is waiting in it
    /// (loop thread). Called periodically so that only busy connections keep
    /// buffers between turns and idle ones cost almost nothing.
    public func releaseIdleOutputBuffer() {
        output.release()
    }

    // MARK: Reading flow

    /// Stops reading until ``resumeReading()`` (loop thread): for an owner
    /// whose consumer has fallen behind, so that TCP slows the peer instead
    /// of memory growing. Independent of the pause for pending output.
    /// A peer that hangs up is still read to the end.
    public func pauseReading() {
        guard state == .open, !readingPausedByOwner else { return }
        readingPausedByOwner = true
        updateInterest()
    }

    /// Reads again after ``pauseReading()`` (loop thread).
    public func resumeReading() {
        guard state == .open, readingPausedByOwner else { return }
        readingPausedByOwner = false
        updateInterest()
    }

    // MARK: Closing

    /// Closes once queued output has been sent (any thread).
    public func closeAfterFlush() {
        guard loop.inEventLoop else {
            loop.execute { [self] in closeAfterFlush() }
            return
        }
        guard state == .open else { return }
        closeWhenFlushed = true
        if pendingOutputBytes == 0 { close(reason: .closedLocally) } else { flushOutput() }
    }

    /// Closes now, dropping queued output (any thread).
    public func close() {
        guard loop.inEventLoop else {
            loop.execute { [self] in close(reason: .closedLocally) }
            return
        }
        close(reason: .closedLocally)
    }

    func closeWhenLoopStops() {
        if state == .connecting {
            failConnect(connectFailure(ECANCELED))
        } else {
            close(reason: .closedLocally)
        }
    }

    private func close(reason: ConnectionCloseReason) {
        guard state != .closed else { return }
        let wasConnecting = state == .connecting
        state = .closed
        loop.deregister(token: token, descriptor: descriptor)
        Glibc.close(descriptor)
        output.release(evenIfWaiting: true)
        let handler = self.handler
        self.handler = nil
        if wasConnecting { return }
        handler?.connection(self, didCloseWith: reason)
    }

    // MARK: Events

    func handleEvents(_ events: UInt32) {
        switch state {
        case .closed: return
        case .connecting: finishConnect(); return
        case .open: break
        }
        let hangUp = events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0
        if events & EPOLLIN.rawValue != 0 || (hangUp && !inputEnded) {
            readAvailable()
        }
        if state == .open && events & EPOLLOUT.rawValue != 0 {
            flushOutput()
        }
        if state == .open && hangUp && (readingPaused || inputEnded) {
            // Nothing more can be read or written.
            close(reason: .closedByPeer)
        }
    }

    private func readAvailable() {
        let buffer = loop.readBuffer
        // recv, not read: a socket read through the file layer (vfs_read) costs more in the kernel.
        let count = Glibc.recv(descriptor, buffer.baseAddress, buffer.count, 0)
        if count > 0 {
            handler?.connection(self, didRead: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        } else if count == 0 {
            inputEnded = true
            updateInterest()
            handler?.connectionDidReachEndOfInput(self)
        } else if errno == ECONNRESET {
            close(reason: .closedByPeer)
        } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
            close(reason: .failed(IOError("read")))
        }
    }

    /// Sends what was written during the turn (loop thread, at its end).
    func flushScheduledOutput() {
        flushScheduled = false
        guard state == .open, !waitingForWritable else { return }
        flushOutput()
    }

    private func flushOutput() {
        while output.count > 0 {
            let written = output.send { pending in
                Glibc.send(descriptor, pending.baseAddress, pending.count, Int32(MSG_NOSIGNAL))
            }
            if written > 0 { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                if !waitingForWritable {
                    waitingForWritable = true
                    updateInterest()
                }
                return
            }
            if errno != EINTR {
                close(reason: errno == EPIPE || errno == ECONNRESET ? .closedByPeer : .failed(IOError("send")))
                return
            }
        }
        let wasWaiting = waitingForWritable
        let wasPaused = readingPaused
        waitingForWritable = false
        readingPaused = false
        if wasWaiting || wasPaused { updateInterest() }
        if closeWhenFlushed { close(reason: .closedLocally) }
    }

    /// The epoll events this connection currently wants.
    private var interest: UInt32 {
        var events: UInt32 = 0
        if !readingPaused && !readingPausedByOwner && !inputEnded { events |= EPOLLIN.rawValue }
        if waitingForWritable { events |= EPOLLOUT.rawValue }
        return events
    }

    private func updateInterest() {
        guard state == .open else { return }
        loop.modify(token: token, descriptor: descriptor, events: interest)
    }

    // MARK: Outbound connect

    private func finishConnect() {
        let error = Socket.pendingError(of: descriptor)
        guard error == 0 else {
            failConnect(connectFailure(error))
            return
        }
        connectTimer?.cancel()
        connectTimer = nil
        state = .open
        updateInterest()
        let completion = pendingConnect
        pendingConnect = nil
        completion?(.success(self))
    }

    private func connectFailure(_ code: Int32) -> IOError {
        IOError("connect \(remoteAddress.map { "\($0)" } ?? "")", code: code)
    }

    private func failConnect(_ error: IOError) {
        guard state == .connecting else { return }
        connectTimer?.cancel()
        let completion = pendingConnect
        pendingConnect = nil
        close(reason: .failed(error))
        completion?(.failure(error))
    }
}
