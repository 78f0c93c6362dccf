import BesterIO
import Glibc

/// A loopback TCP port that refuses connections while this value lives: a
/// socket bound to it and not listening holds it, so no other test can take
/// it meanwhile (a port just closed could be taken by a test running in
/// parallel).
public final class RefusingPort: Sendable {
    /// The port on 127.0.0.1.
    public let port: UInt16
    private let descriptor: Int32

    /// Binds a free port.
    public init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw IOError("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else {
            let error = IOError("bind 127.0.0.1:0")
            close(descriptor)
            throw error
        }
        self.descriptor = descriptor
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(descriptor) }

    /// `127.0.0.1:PORT`.
    public var address: SocketAddress { .ipv4(octets: [127, 0, 0, 1], port: port) }

    /// `127.0.0.1:PORT`, as a client names a server.
    public var endpoint: Endpoint { .tcp(host: "127.0.0.1", port: port) }
}
