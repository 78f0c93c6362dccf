import Dispatch

extension Connection {
    /// Connects to `endpoint` from async code, trying each address it
    /// resolves to in turn (host names are looked up off the event loops).
    /// `makeHandler` runs on `loop` for each attempt; the handler of the
    /// connection returned receives its events from then on.
    public static func connect(to endpoint: Endpoint, on loop: EventLoop, timeout: Duration = .seconds(10),
                               limits: ConnectionLimits = ConnectionLimits(),
                               makeHandler: @escaping @Sendable (Connection) -> ConnectionHandler) async throws(IOError) -> Connection {
        let addresses = try await resolve(endpoint)
        var lastError = IOError("connect \(endpoint)", message: "no address")
        for address in addresses {
            do {
                return try await connect(to: address, on: loop, timeout: timeout, limits: limits, makeHandler: makeHandler)
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    /// Connects to one address from async code.
    public static func connect(to address: SocketAddress, on loop: EventLoop, timeout: Duration = .seconds(10),
                               limits: ConnectionLimits = ConnectionLimits(),
                               makeHandler: @escaping @Sendable (Connection) -> ConnectionHandler) async throws(IOError) -> Connection {
        let result: Result<Connection, IOError> = await withCheckedContinuation { result in
            loop.execute {
                connect(to: address, on: loop, timeout: timeout, limits: limits, makeHandler: makeHandler,
                        completion: { result.resume(returning: $0) })
            }
        }
        return try result.get()
    }

    /// Resolves off the cooperative pool: `getaddrinfo` blocks.
    private static func resolve(_ endpoint: Endpoint) async throws(IOError) -> [SocketAddress] {
        if case .tcp(let host, let port) = endpoint, let numeric = SocketAddress.numeric(host: host, port: port) {
            return [numeric]
        }
        let result: Result<[SocketAddress], IOError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(IOError) in try endpoint.resolve() })
            }
        }
        return try result.get()
    }
}
