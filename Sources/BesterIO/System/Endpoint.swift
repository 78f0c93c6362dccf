import Glibc

/// Where to connect or listen, as a person writes it: `host:port`,
/// `[v6-address]:port` or `unix:/path`. Host names are resolved when used.
public enum Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// A TCP host (name or numeric address) and port.
    case tcp(host: String, port: UInt16)
    /// A Unix domain socket path.
    case unix(path: String)

    /// Why a text is not an endpoint.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Parses `host:port`, `[::1]:port` or `unix:PATH`.
    public init(parsing text: String) throws(ParseError) {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { throw ParseError(description: "'\(text)': empty Unix socket path") }
            guard path.utf8.count < 108 else {
                throw ParseError(description: "'\(text)': Unix socket path longer than 107 bytes")
            }
            self = .unix(path: path)
            return
        }
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw ParseError(description: "'\(text)': missing ']' after the IPv6 address")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw ParseError(description: "'\(text)': expected ':PORT' after ']'") }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw ParseError(description: "'\(text)': expected HOST:PORT, [IPv6]:PORT or unix:PATH")
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") {
                throw ParseError(description: "'\(text)': write IPv6 addresses in brackets, e.g. [::1]:2224")
            }
        }
        guard !host.isEmpty else { throw ParseError(description: "'\(text)': empty host") }
        guard let port = UInt16(portText) else {
            throw ParseError(description: "'\(text)': port must be a number from 0 to 65535")
        }
        self = .tcp(host: String(host), port: port)
    }

    public var description: String {
        switch self {
        case let .tcp(host, port): return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case let .unix(path): return "unix:\(path)"
        }
    }

    /// The addresses this endpoint names. Numeric hosts need no lookup; host
    /// names go through `getaddrinfo`, which blocks: call it off event loops.
    public func resolve() throws(IOError) -> [SocketAddress] {
        switch self {
        case .unix(let path):
            return [.unix(path: path)]
        case let .tcp(host, port):
            if let numeric = SocketAddress.numeric(host: host, port: port) { return [numeric] }
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            hints.ai_family = AF_UNSPEC
            var list: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, String(port), &hints, &list)
            guard status == 0 else {
                throw IOError("resolve \(host)", message: String(cString: gai_strerror(status)))
            }
            defer { freeaddrinfo(list) }
            var addresses: [SocketAddress] = []
            var entry = list
            while let current = entry {
                if let raw = current.pointee.ai_addr {
                    var storage = sockaddr_storage()
                    withUnsafeMutableBytes(of: &storage) { target in
                        target.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: Int(current.pointee.ai_addrlen)))
                    }
                    if let address = SocketAddress(storage: &storage), !addresses.contains(address) {
                        addresses.append(address)
                    }
                }
                entry = current.pointee.ai_next
            }
            return addresses
        }
    }
}
