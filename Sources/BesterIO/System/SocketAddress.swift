import CBesterSystem
import Glibc

/// A concrete socket address: IPv4, IPv6 or a Unix domain socket path.
public enum SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// IPv4 address (network byte order octets) and port.
    case ipv4(octets: [UInt8], port: UInt16)
    /// IPv6 address (16 octets), port and scope (interface) id.
    case ipv6(octets: [UInt8], port: UInt16, scopeID: UInt32)
    /// A Unix domain socket path.
    case unix(path: String)

    /// The port, for IP addresses.
    public var port: UInt16? {
        switch self {
        case .ipv4(_, let port), .ipv6(_, let port, _): return port
        case .unix: return nil
        }
    }

    /// The address family constant (`AF_INET`, `AF_INET6`, `AF_UNIX`).
    var family: Int32 {
        switch self {
        case .ipv4: return AF_INET
        case .ipv6: return AF_INET6
        case .unix: return AF_UNIX
        }
    }

    /// `127.0.0.1:2223`, `[::1]:2224`, `unix:/run/bester.sock`.
    public var description: String {
        switch self {
        case let .ipv4(octets, port):
            return octets.map(String.init).joined(separator: ".") + ":\(port)"
        case let .ipv6(octets, port, _):
            return "[\(Self.ipv6Text(octets))]:\(port)"
        case let .unix(path):
            return "unix:\(path)"
        }
    }

    /// The host part only (`127.0.0.1`, `::1`), or the path for Unix sockets.
    public var host: String {
        switch self {
        case let .ipv4(octets, _): return octets.map(String.init).joined(separator: ".")
        case let .ipv6(octets, _, _): return Self.ipv6Text(octets)
        case let .unix(path): return path
        }
    }

    private static func ipv6Text(_ octets: [UInt8]) -> String {
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { raw in
            for (index, octet) in octets.prefix(16).enumerated() { raw[index] = octet }
        }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        inet_ntop(AF_INET6, &address, &text, socklen_t(text.count))
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Calls `body` with this address as a `sockaddr` and its length.
    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws -> R) rethrows -> R {
        switch self {
        case let .ipv4(octets, port):
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &address.sin_addr) { raw in
                for (index, octet) in octets.prefix(4).enumerated() { raw[index] = octet }
            }
            return try withUnsafePointer(to: &address) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case let .ipv6(octets, port, scopeID):
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            address.sin6_scope_id = scopeID
            withUnsafeMutableBytes(of: &address.sin6_addr) { raw in
                for (index, octet) in octets.prefix(16).enumerated() { raw[index] = octet }
            }
            return try withUnsafePointer(to: &address) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        case let .unix(path):
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let capacity = MemoryLayout.size(ofValue: address.sun_path)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (index, byte) in path.utf8.prefix(capacity - 1).enumerated() { raw[index] = byte }
            }
            return try withUnsafePointer(to: &address) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
        }
    }

    /// Reads an address the kernel filled in (`accept`, `getsockname`).
    init?(storage: UnsafePointer<sockaddr_storage>) {
        switch Int32(storage.pointee.ss_family) {
        case AF_INET:
            let address = UnsafeRawPointer(storage).load(as: sockaddr_in.self)
            let octets = withUnsafeBytes(of: address.sin_addr) { Array($0) }
            self = .ipv4(octets: octets, port: UInt16(bigEndian: address.sin_port))
        case AF_INET6:
            let address = UnsafeRawPointer(storage).load(as: sockaddr_in6.self)
            let octets = withUnsafeBytes(of: address.sin6_addr) { Array($0) }
            self = .ipv6(octets: octets, port: UInt16(bigEndian: address.sin6_port), scopeID: address.sin6_scope_id)
        case AF_UNIX:
            let address = UnsafeRawPointer(storage).load(as: sockaddr_un.self)
            let path = withUnsafeBytes(of: address.sun_path) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            self = .unix(path: path)
        default:
            return nil
        }
    }

    /// Parses a numeric address: `1.2.3.4:80`, `[::1]:80`, `unix:/path`.
    /// Host names need ``Endpoint`` and resolution.
    public init?(numeric text: String) {
        guard let endpoint = try? Endpoint(parsing: text) else { return nil }
        switch endpoint {
        case .unix(let path):
            self = .unix(path: path)
        case let .tcp(host, port):
            guard let address = Self.numeric(host: host, port: port) else { return nil }
            self = address
        }
    }

    static func numeric(host: String, port: UInt16) -> SocketAddress? {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return .ipv4(octets: withUnsafeBytes(of: v4) { Array($0) }, port: port)
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return .ipv6(octets: withUnsafeBytes(of: v6) { Array($0) }, port: port, scopeID: 0)
        }
        return nil
    }
}
