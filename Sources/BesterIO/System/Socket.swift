import CBesterSystem
import Glibc

/// Thin wrappers over the socket system calls, all non-blocking and
/// close-on-exec. Each returns or throws; none retains the descriptor.
enum Socket {
    /// A new non-blocking stream socket for `address`'s family.
    static func makeStream(for address: SocketAddress) throws(IOError) -> Int32 {
        let descriptor = socket(address.family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw IOError("socket") }
        return descriptor
    }

    /// A listening socket bound to `address`. Returns the descriptor and the
    /// address actually bound (the real port when `address` asked for 0).
    static func listen(on address: SocketAddress, backlog: Int32 = 1024) throws(IOError) -> (Int32, SocketAddress) {
        if case .unix(let path) = address { try removeStaleUnixSocket(at: path) }
        let descriptor = try makeStream(for: address)
        do throws(IOError) {
            switch address {
            case .ipv4:
                try setOption(descriptor, SOL_SOCKET, SO_REUSEADDR, 1)
            case .ipv6:
                try setOption(descriptor, SOL_SOCKET, SO_REUSEADDR, 1)
                try setOption(descriptor, Int32(IPPROTO_IPV6), IPV6_V6ONLY, 1)
            case .unix:
                break
            }
            let bound = address.withSockAddr { bind(descriptor, $0, $1) }
            guard bound == 0 else { throw IOError("bind \(address)") }
            guard Glibc.listen(descriptor, backlog) == 0 else { throw IOError("listen \(address)") }
            return (descriptor, try localAddress(of: descriptor) ?? address)
        } catch {
            close(descriptor)
            throw error
        }
    }

    /// A Unix socket file left by a process that died would make bind fail;
    /// remove it, but only when nothing answers there.
    private static func removeStaleUnixSocket(at path: String) throws(IOError) {
        switch UnixSocketFile.status(at: path) {
        case .missing: return
        case .notASocket: throw IOError("bind unix:\(path)", message: "a file that is not a socket is in the way")
        case .listening: throw IOError("bind unix:\(path)", message: "another process is listening there")
        case .stale: unlink(path)
        }
    }

    /// Sets an integer socket option.
    static func setOption(_ descriptor: Int32, _ level: Int32, _ name: Int32, _ value: Int32) throws(IOError) {
        var value = value
        guard setsockopt(descriptor, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw IOError("setsockopt")
        }
    }

    /// Disables Nagle's algorithm: Bester messages are small and latency matters.
    static func disableNagle(_ descriptor: Int32) {
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// The address the socket is bound to.
    static func localAddress(of descriptor: Int32) throws(IOError) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard status == 0 else { throw IOError("getsockname") }
        return SocketAddress(storage: &storage)
    }

    /// The pending error of a socket (non-blocking connect's outcome).
    static func pendingError(of descriptor: Int32) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &value, &length)
        return value
    }

    /// Accepts one connection: the descriptor and the peer's address, nil
    /// when none is waiting.
    static func accept(from listener: Int32) throws(IOError) -> (Int32, SocketAddress?)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let descriptor = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                cbester_accept4(listener, $0, &length, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
            }
        }
        if descriptor < 0 {
            switch errno {
            case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED, EPROTO: return nil
            default: throw IOError("accept")
            }
        }
        return (descriptor, SocketAddress(storage: &storage))
    }
}
