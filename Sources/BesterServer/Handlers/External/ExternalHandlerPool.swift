import BesterIO
import BesterProtocol
import Glibc

/// An external handler as one event loop sees it: the connections carrying
/// this loop's requests to it, and the requests waiting for its process to
/// (re)start. Sessions on a loop only ever use that loop's pool, so nothing
/// here needs a lock. Loop-confined.
final class ExternalHandlerPool: @unchecked Sendable {
    let loop: EventLoop
    let link: ExternalHandlerLink
    let counters = ExternalHandlerCounters()

    /// Persistent connections taking requests.
    private var accepting: [PersistentHandlerConnection] = []
    /// Every persistent connection not yet closed (retired ones included).
    private var open: [ObjectIdentifier: PersistentHandlerConnection] = [:]
    /// Per-message requests in flight, for their deadlines.
    private let exchanges: HandlerRequestQueue
    /// Requests waiting for the supervised process to be ready.
    private let waitingForProcess: HandlerRequestQueue
    private var awaitingProcess = false
    /// The newest process generation whose socket refused a connection:
    /// requests wait for a newer one.
    private var refusedGeneration = 0
    private var isClosed = false
    /// Scratch space for parsing this loop's handler replies.
    private var parseWorkspace = JSONParseWorkspace()
    /// Encodes this loop's requests to the handler, in one reused buffer.
    private var writer = FrameWriter()

    init(loop: EventLoop, link: ExternalHandlerLink) {
        self.loop = loop
        self.link = link
        exchanges = HandlerRequestQueue(loop: loop)
        waitingForProcess = HandlerRequestQueue(loop: loop)
        exchanges.onExpiry = { [link, exchanges] request in
            request.finish(.failure(link.timedOut()))
            request.exchange?.abandon()
            exchanges.dropDoneFromFront()
        }
        waitingForProcess.onExpiry = { [unowned self] request in
            request.finish(.failure(link.unavailable(link.supervisor?.unavailability ?? "not accepting connections")))
            waitingForProcess.dropDoneFromFront()
            // The process that refused is still the one running: it may
            // listen again without a restart, so later requests try it.
            if link.supervisor?.readyGeneration == refusedGeneration { refusedGeneration = 0 }
        }
    }

    /// Sends `request` to the handler, or holds it until the handler's
    /// process is ready.
    func dispatch(_ request: ExternalHandlerRequest) {
        guard !isClosed else {
            request.finish(.failure(link.unavailable("the server is shutting down")))
            return
        }
        var generation = 0
        if let supervisor = link.supervisor {
            guard let ready = supervisor.readyGeneration, ready > refusedGeneration else {
                waitForProcess(request)
                return
            }
            generation = ready
        }
        switch link.configuration.mode {
        case .perMessage:
            exchanges.dropDoneFromFront()
            exchanges.append(request)
            PerMessageHandlerExchange(pool: self, request: request, generation: generation).start()
        case .persistent:
            let (connection, isNew) = connection(for: generation)
            connection.send(request)
            // Started after the request is queued: a refused connect fails at once, request included.
            if isNew { connection.start() }
        }
    }

    /// The least loaded connection, or a new one while there are fewer than
    /// configured and every one is busy.
    private func connection(for generation: Int) -> (PersistentHandlerConnection, isNew: Bool) {
        var best: PersistentHandlerConnection?
        for candidate in accepting {
            if let current = best, current.load <= candidate.load { continue }
            best = candidate
        }
        if let best, best.load == 0 || accepting.count >= link.configuration.connections {
            return (best, false)
        }
        let created = PersistentHandlerConnection(pool: self, generation: generation)
        accepting.append(created)
        open[ObjectIdentifier(created)] = created
        return (created, true)
    }

    private func waitForProcess(_ request: ExternalHandlerRequest) {
        waitingForProcess.append(request)
        guard !awaitingProcess, let supervisor = link.supervisor else { return }
        awaitingProcess = true
        supervisor.whenReady(after: refusedGeneration) { [self] generation in
            loop.execute { [self] in processReady(generation) }
        }
    }

    private func processReady(_ generation: Int?) {
        awaitingProcess = false
        let waiting = waitingForProcess.removeAll()
        guard generation != nil else {
            let report = link.unavailable(link.supervisor?.unavailability ?? "its process is not running")
            for request in waiting { request.finish(.failure(report)) }
            return
        }
        for request in waiting where !request.isDone { dispatch(request) }
    }

    /// Encodes `request` as one frame and lends the bytes to `body`.
    func withFrame(of request: ExternalHandlerRequest, _ body: (UnsafeRawBufferPointer) -> Void) {
        writer.withFrame(of: request.body, body)
    }

    /// Writes `request` as one frame to the open `connection`.
    func write(_ request: ExternalHandlerRequest, to connection: Connection) {
        writer.withFrame(of: request.body) { connection.write($0) }
        request.releaseBody()
    }

    /// What a reply frame means: the handler's reply, or garbage.
    func outcome(ofReply body: UnsafeRawBufferPointer) -> HandlerOutcome {
        do {
            return .reply(try HandlerReply.parse(frame: body, reusing: &parseWorkspace))
        } catch {
            return .failure(link.garbage("\(error)"))
        }
    }

    // MARK: Connections reporting back

    /// Connecting failed. A supervised handler whose socket refuses is
    /// (re)starting: its requests wait for the next ready process. Anything
    /// else fails them as unavailable.
    func connectFailed(_ requests: [ExternalHandlerRequest], generation: Int, error: IOError) {
        let restarting = link.supervisor != nil && !isClosed && (error.code == ECONNREFUSED || error.code == ENOENT)
        if restarting {
            refusedGeneration = max(refusedGeneration, generation)
            for request in requests where !request.isDone { dispatch(request) }
        } else {
            link.logger.debug("handler.connect_failed", ["type": link.configuration.type, "error": "\(error)"])
            let report = link.cannotConnect(error)
            for request in requests { request.finish(.failure(report)) }
        }
    }

    /// How long requests are held after a supervised handler dropped a
    /// connection, before checking whether its process is still alive.
    static let lostConnectionCheck: Duration = .milliseconds(100)

    /// A connection to process `generation` closed with requests unanswered.
    ///
    /// The process may be dying: a multi-threaded handler that crashes can
    /// close one connection while its listening socket still takes new ones
    /// for a moment (and then resets them). So requests are held until the
    /// process is known to be alive, or until its successor is ready.
    func connectionLost(generation: Int) {
        guard let supervisor = link.supervisor, !isClosed, generation > refusedGeneration else { return }
        let previous = refusedGeneration
        refusedGeneration = generation
        loop.scheduleTimer(after: Self.lostConnectionCheck) { [self] in
            guard refusedGeneration == generation, supervisor.isAlive(generation: generation) else { return }
            // Alive: it only closed a connection.
            refusedGeneration = previous
            for request in waitingForProcess.removeAll() where !request.isDone { dispatch(request) }
        }
    }

    func connectionFailed(_ connection: PersistentHandlerConnection, requests: [ExternalHandlerRequest], error: IOError) {
        connectionClosed(connection)
        connectFailed(requests, generation: connection.generation, error: error)
    }

    func connectionRetired(_ connection: PersistentHandlerConnection) {
        accepting.removeAll { $0 === connection }
        link.logger.info("handler.connection_retired", ["type": link.configuration.type,
                                                        "reason": "a request timed out; new requests use another connection"])
    }

    func connectionClosed(_ connection: PersistentHandlerConnection) {
        accepting.removeAll { $0 === connection }
        open[ObjectIdentifier(connection)] = nil
    }

    /// Shutdown: fails what waits and closes every connection.
    func closeAll() {
        isClosed = true
        let report = link.unavailable("the server is shutting down")
        for request in waitingForProcess.removeAll() { request.finish(.failure(report)) }
        for request in exchanges.removeAll() {
            request.finish(.failure(report))
            request.exchange?.abandon()
        }
        for connection in Array(open.values) { connection.close(failingWaitingWith: report) }
    }
}
