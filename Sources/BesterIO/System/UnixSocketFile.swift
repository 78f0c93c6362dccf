import Glibc

/// What is at a Unix socket path, found without blocking: for servers that
/// reuse a path and supervisors waiting for a process to listen.
public enum UnixSocketFile {
    /// What a path holds.
    public enum Status: Sendable, Equatable {
        /// Nothing is there.
        case missing
        /// A socket that accepts connections (or is listening with a full backlog).
        case listening
        /// A socket file nobody listens on: left by a process that died.
        case stale
        /// Something other than a socket.
        case notASocket
    }

    /// Looks at `path`: a socket file is probed with a non-blocking connect.
    public static func status(at path: String) -> Status {
        var information = stat()
        guard lstat(path, &information) == 0 else { return .missing }
        guard (information.st_mode & S_IFMT) == S_IFSOCK else { return .notASocket }
        let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard probe >= 0 else { return .stale }
        defer { close(probe) }
        let connected = SocketAddress.unix(path: path).withSockAddr { connect(probe, $0, $1) }
        return connected == 0 || errno == EAGAIN || errno == EINPROGRESS ? .listening : .stale
    }
}
