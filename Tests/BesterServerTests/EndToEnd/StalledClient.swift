import BesterProtocol
import Dispatch
import Glibc

/// A blocking socket that logs in and then never reads: a slow consumer.
struct StalledClient {
    let descriptor: Int32

    struct Failure: Error {}

    init(port: UInt16) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        // A small receive buffer makes the server's queue fill sooner.
        var size: Int32 = 4096
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else { throw Failure() }
    }

    /// Logs in and reads the one reply, then stops reading for good. The
    /// blocking socket calls run on a thread of their own: blocking the
    /// cooperative pool (two threads on a two-core machine) could leave no
    /// thread for the server to answer on while other tests do the same.
    func logIn(user: String, password: String) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try blockingLogIn(user: user, password: password) })
            }
        }
    }

    private func blockingLogIn(user: String, password: String) throws {
        let frame = FrameEncoder.frame(BuiltinCommand.ping.request(credentials: Credentials(username: user, password: password)).json(in: .v2))
        _ = frame.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        var header = [UInt8](repeating: 0, count: 4)
        guard recv(descriptor, &header, 4, Int32(MSG_WAITALL)) == 4 else { throw Failure() }
        let length = Int(header[0]) | Int(header[1]) << 8 | Int(header[2]) << 16 | Int(header[3]) << 24
        var body = [UInt8](repeating: 0, count: length)
        guard recv(descriptor, &body, length, Int32(MSG_WAITALL)) == length else { throw Failure() }
    }

    func close() { Glibc.close(descriptor) }
}
