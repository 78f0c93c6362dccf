import CBesterSystem
import Glibc

/// A listening socket (TCP over IPv4 or IPv6, or Unix) watched by one loop.
/// Each accepted socket goes to `onAccept`, which decides which loop serves it.
public final class Listener: EventSource, @unchecked Sendable {
    /// The address actually bound (with the real port when 0 was asked).
    public let address: SocketAddress
    /// The loop watching this listener.
    public let loop: EventLoop

    private let descriptor: Int32
    private var token: UInt64 = 0
    private var isOpen = true
    private let onAccept: (AcceptedSocket) -> Void
    private let onError: (IOError) -> Void

    private init(descriptor: Int32, address: SocketAddress, loop: EventLoop,
                 onAccept: @escaping (AcceptedSocket) -> Void, onError: @escaping (IOError) -> Void) {
        self.descriptor = descriptor
        self.address = address
        self.loop = loop
        self.onAccept = onAccept
        self.onError = onError
    }

    /// Binds and starts listening (loop thread). `onAccept` and `onError` run
    /// on the loop thread.
    public static func bind(_ address: SocketAddress, on loop: EventLoop, backlog: Int32 = 1024,
                            onAccept: @escaping (AcceptedSocket) -> Void,
                            onError: @escaping (IOError) -> Void = { _ in }) throws(IOError) -> Listener {
        let (descriptor, bound) = try Socket.listen(on: address, backlog: backlog)
        let listener = Listener(descriptor: descriptor, address: bound, loop: loop, onAccept: onAccept, onError: onError)
        do {
            listener.token = try loop.register(listener, descriptor: descriptor, events: EPOLLIN.rawValue)
        } catch {
            Glibc.close(descriptor)
            throw error
        }
        return listener
    }

    /// Stops accepting and closes the socket (any thread). A Unix socket file is removed.
    public func close() {
        guard loop.inEventLoop else {
            loop.execute { [self] in close() }
            return
        }
        guard isOpen else { return }
        isOpen = false
        loop.deregister(token: token, descriptor: descriptor)
        Glibc.close(descriptor)
        if case .unix(let path) = address { unlink(path) }
    }

    func closeWhenLoopStops() {
        close()
    }

    func handleEvents(_ events: UInt32) {
        // Accept a bounded batch per turn so a connection storm cannot starve
        // established connections.
        for _ in 0..<64 where isOpen {
            do {
                guard let (socket, remote) = try Socket.accept(from: descriptor) else { return }
                if case .unix = address {} else { Socket.disableNagle(socket) }
                onAccept(AcceptedSocket(descriptor: socket, remoteAddress: remote))
            } catch {
                onError(error)
                if error.code == EMFILE || error.code == ENFILE { pauseAccepting() }
                return
            }
        }
    }

    /// Out of descriptors: readiness would repeat at once, so stop watching
    /// for a moment instead of spinning.
    private func pauseAccepting() {
        loop.modify(token: token, descriptor: descriptor, events: 0)
        loop.scheduleTimer(after: .milliseconds(100)) { [self] in
            if isOpen { loop.modify(token: token, descriptor: descriptor, events: EPOLLIN.rawValue) }
        }
    }
}
