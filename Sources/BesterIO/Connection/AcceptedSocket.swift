import Glibc
import Synchronization

/// A socket a ``Listener`` accepted, not yet given to a loop. Adopt it with
/// ``Connection/adopt(_:on:limits:makeHandler:)`` or ``reject()`` it; one
/// that is dropped unused is closed.
public final class AcceptedSocket: Sendable {
    /// The peer's address.
    public let remoteAddress: SocketAddress?
    private let descriptor: Atomic<Int32>

    init(descriptor: Int32, remoteAddress: SocketAddress?) {
        self.descriptor = Atomic(descriptor)
        self.remoteAddress = remoteAddress
    }

    deinit { reject() }

    /// Closes the socket without serving it.
    public func reject() {
        let descriptor = self.descriptor.exchange(-1, ordering: .relaxed)
        if descriptor >= 0 { Glibc.close(descriptor) }
    }

    /// Writes `bytes` directly (best effort, non-blocking) and closes: for
    /// turning a connection away with a reason.
    public func reject(sending bytes: [UInt8]) {
        let descriptor = self.descriptor.load(ordering: .relaxed)
        if descriptor >= 0 {
            _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        reject()
    }

    func takeDescriptor() -> Int32 {
        descriptor.exchange(-1, ordering: .relaxed)
    }
}
