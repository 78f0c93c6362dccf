import BesterIO
import BesterProtocol

/// One request in per-message mode, the reference daemon's way: connect,
/// send one frame, read one frame back, close. Loop-confined.
final class PerMessageHandlerExchange: ConnectionHandler, @unchecked Sendable {
    private let pool: ExternalHandlerPool
    private let request: ExternalHandlerRequest
    private let generation: Int
    private var connection: Connection?
    private var decoder: FrameDecoder
    private var abandoned = false

    init(pool: ExternalHandlerPool, request: ExternalHandlerRequest, generation: Int) {
        self.pool = pool
        self.request = request
        self.generation = generation
        self.decoder = FrameDecoder(maximumFrameSize: pool.link.maxFrameBytes)
    }

    /// Connects and sends the request.
    func start() {
        request.exchange = self
        let link = pool.link
        Connection.connect(to: link.address, on: pool.loop, timeout: link.timeout, limits: link.connectionLimits,
                           makeHandler: { [self] _ in self }) { [self] result in
            switch result {
            case .success(let opened):
                guard !abandoned, !request.isDone else {
                    opened.close()
                    return
                }
                connection = opened
                pool.write(request, to: opened)
            case .failure(let error):
                guard !request.isDone else { return }
                pool.connectFailed([request], generation: generation, error: error)
            }
        }
    }

    /// The request timed out or the server is stopping: close.
    func abandon() {
        abandoned = true
        connection?.close()
    }

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        do {
            // The reply is read straight from the read buffer once it is whole.
            try decoder.decode(bytes, while: { !request.isDone }) { request.finish(pool.outcome(ofReply: $0)) }
        } catch {
            request.finish(.failure(pool.link.garbage("\(error)")))
        }
        // Answered first: closing before would report the connection as closed early.
        if request.isDone { connection.close() }
    }

    func connectionDidReachEndOfInput(_ connection: Connection) {
        connection.close()
    }

    func connection(_ connection: Connection, didCloseWith reason: ConnectionCloseReason) {
        self.connection = nil
        guard !request.isDone else { return }
        pool.connectionLost(generation: generation)
        request.finish(.failure(pool.link.closedEarly(reason)))
    }
}
