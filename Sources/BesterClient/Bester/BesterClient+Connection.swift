import BesterIO
import BesterProtocol

// The life of the client's connection: logging in, what arrives on it,
// losing it, and reconnecting. The callbacks from the link run on its loop.
extension BesterClient {
    /// Connects and logs in; on success the link has become the client's
    /// connection (``linkReady(_:response:)``).
    func establish(_ handshake: Handshake) async throws(BesterClientError) {
        let link = BesterLink(client: self, loop: loop, dialect: dialect, maximumFrameSize: options.maximumFrameSize)
        let admitted = state.withLock { state -> Bool in
            guard state.status != .closed else { return false }
            state.handshakingLink = link
            return true
        }
        guard admitted else { throw state.withLock { $0.endedWith } }
        defer {
            state.withLock { state in
                if state.handshakingLink === link { state.handshakingLink = nil }
            }
        }
        do {
            _ = try await Connection.connect(to: endpoint, on: loop, timeout: options.connectTimeout, makeHandler: { connection in
                link.attach(connection)
                return link
            })
        } catch {
            throw .cannotConnect(endpoint, error)
        }
        let frame = FrameEncoder.frame(handshake.firstFrame(in: dialect))
        let timeout = options.connectTimeout
        let result = await withTaskCancellationHandler {
            await link.handshake(firstFrame: frame, timeout: timeout)
        } onCancel: {
            link.close(with: .cancelled, grace: .zero)
        }
        _ = try result.get()
    }

    /// The link logged in: it becomes the connection, and requests made
    /// while there was none are sent. False when the client was closed meanwhile.
    func linkReady(_ link: BesterLink, response: Response) -> Bool {
        let outcome = state.withLock { state -> (frames: [[UInt8]], reconnected: Bool)? in
            guard state.status != .closed else { return nil }
            let reconnected = state.status == .reconnecting
            state.status = .connected
            state.link = link
            state.reconnectTask = nil
            var frames: [[UInt8]] = []
            if state.loggedOut {
                // The first frame had to log in; the user had logged out, and stays so.
                var id = "logout-after-reconnect-\(nextGeneratedID())"
                while state.ticketsByID[id] != nil { id = "logout-after-reconnect-\(nextGeneratedID())" }
                state.ignoredResponseIDs.insert(id)
                frames.append(FrameEncoder.frame(ClientRequest(type: BuiltinCommand.payloadType, data: BuiltinCommand.logout.data,
                                                               id: id).json(in: dialect)))
            } else {
                state.username = response.data["username"]?.stringValue ?? state.credentials.username
            }
            for call in state.calls.all {
                guard let frame = call.tag.unsentFrame else { continue }
                frames.append(frame)
                state.calls.updateTag(of: call.ticket) { $0.unsentFrame = nil }
            }
            return (frames, reconnected)
        }
        guard let outcome else { return false }
        for frame in outcome.frames { link.send(frame) }
        if outcome.reconnected { channel.yield(.reconnected) }
        return true
    }

    /// A message arrived on the logged-in connection. Returns false when
    /// the events are not being taken fast enough and reading should pause.
    func received(_ message: ServerMessage) -> Bool {
        switch message {
        case .response(let response):
            let (call, ignored) = response.id.map { id in
                state.withLock { state in
                    // The ignored response comes first: a call that chose the same id is answered after it.
                    state.ignoredResponseIDs.remove(id) != nil
                        ? (nil, true) : (state.ticketsByID[id].flatMap { state.removeCall($0) }, false)
                }
            } ?? (nil, false)
            if ignored { return true }
            guard let call else { return !channel.yield(.response(response)) }
            call.resume(.success(response))
            return true
        case .delivery(let delivery):
            return !channel.yield(.delivery(delivery))
        case .notice(let notice):
            return !channel.yield(.notice(notice))
        }
    }

    /// The logged-in connection closed. Requests already sent on it fail;
    /// the others wait for a reconnection, if there is to be one.
    func linkClosed(_ link: BesterLink, error: BesterClientError) {
        let policy = options.reconnect
        let failed = state.withLock { state -> [PendingCalls<Response, BesterClientError, CallTag>.Call]? in
            guard state.link === link, state.status != .closed else { return nil }
            state.link = nil
            // A logout sent after a login on that connection is answered on no other.
            state.ignoredResponseIDs = []
            state.endedWith = error
            if policy != nil {
                state.status = .reconnecting
                return state.removeCalls { $0.tag.unsentFrame == nil }
            }
            state.status = .closed
            return state.removeCalls()
        }
        guard let failed else { return }
        for call in failed { call.resume(.failure(error)) }
        channel.yield(.disconnected(error))
        if let policy {
            startReconnecting(policy, after: error)
        } else {
            channel.finish()
        }
    }

    private func startReconnecting(_ policy: ReconnectPolicy, after error: BesterClientError) {
        let task = Task { [weak self] in
            var attempt = 0
            var lastError = error
            while policy.maximumAttempts.map({ attempt < $0 }) ?? true {
                do {
                    try await Task.sleep(for: policy.delay(beforeAttempt: attempt))
                } catch {
                    return
                }
                attempt += 1
                guard let client = self, let credentials = client.state.withLock({ $0.status == .reconnecting ? $0.credentials : nil })
                else { return }
                do throws(BesterClientError) {
                    try await client.establish(.login(credentials))
                    return
                } catch {
                    lastError = error
                    if !error.isTransient { break }
                }
            }
            self?.giveUpReconnecting(lastError)
        }
        state.withLock { state in
            if state.status == .reconnecting { state.reconnectTask = task } else { task.cancel() }
        }
    }

    private func giveUpReconnecting(_ error: BesterClientError) {
        let failed = state.withLock { state -> [PendingCalls<Response, BesterClientError, CallTag>.Call]? in
            guard state.status == .reconnecting else { return nil }
            state.status = .closed
            state.reconnectTask = nil
            return state.removeCalls()
        }
        guard let failed else { return }
        for call in failed { call.resume(.failure(error)) }
        channel.yield(.disconnected(error))
        channel.finish()
    }

    /// The consumer caught up with the events: read again.
    func resumeReading() {
        guard let link = state.withLock({ $0.link }) else { return }
        link.loop.execute { link.resume() }
    }
}
