import BesterIO
import BesterProtocol

/// What the sender of a request is finally told.
enum RoutingResult: Sendable {
    case success(type: String, data: JSONValue)
    case failure(ErrorReport, type: String, data: JSONValue)
}

/// Who is told the result of a request routed through handlers that must
/// be waited for. A value, not a closure: the router's own wait for the
/// handler holds it inline, so a routed request costs one allocation less.
protocol RoutingAnswer: Sendable {
    /// Tells the sender `result`; called once, on the sender's loop.
    func answer(with result: RoutingResult)
}

/// Carries a message to its handler and carries out the handler's reply:
/// answer the sender, deliver to users, pass to another handler, or hand to
/// peer servers. Everything happens on the sender's loop; deliveries to
/// sessions on other loops hop there in one batch per loop.
final class Router: Sendable {
    private let handlers: HandlerRegistry
    private let sessions: SessionRegistry
    private let limits: LimitsConfiguration

    init(handlers: HandlerRegistry, sessions: SessionRegistry, limits: LimitsConfiguration) {
        self.handlers = handlers
        self.sessions = sessions
        self.limits = limits
    }

    /// Where routing stands after a handler answered.
    enum Step: Sendable {
        /// What to tell the sender.
        case finished(RoutingResult)
        /// Routing goes on with this message at `endpoint`: a `sendHandler`
        /// hop, or a handler that must be waited for.
        case continues(HandlerMessage, endpoint: any HandlerEndpoint)
    }

    /// Runs `message` through handlers that answer on the spot (the
    /// common case: no task, no closure, no allocation for the routing
    /// itself), for as long as they do. Returns the result, or the message
    /// and endpoint to hand to ``route(_:endpoint:on:answer:)`` once a
    /// handler must be waited for.
    func routeImmediately(_ message: HandlerMessage, on loop: EventLoop) -> Step {
        guard var endpoint = handlers.endpoint(for: message.type) else { return .finished(unknownType(message)) }
        var message = message
        while true {
            guard let outcome = endpoint.immediateOutcome(for: message) else { return .continues(message, endpoint: endpoint) }
            switch step(after: outcome, of: endpoint, for: message, on: loop) {
            case .finished(let result): return .finished(result)
            case .continues(let next, let nextEndpoint): (message, endpoint) = (next, nextEndpoint)
            }
        }
    }

    /// Processes `message` with `endpoint`, its type's handler, and the
    /// handlers it passes to; `answer` is told once, on `loop`, what to tell
    /// the sender.
    func route<Answer: RoutingAnswer>(_ message: HandlerMessage, endpoint: any HandlerEndpoint, on loop: EventLoop,
                                      answer: Answer) {
        // What waits for the answer need not hold the data: the handler has it.
        var waiting = message
        waiting.data = .null
        endpoint.process(message, on: loop, timeout: limits.handlerTimeout) { [self, waiting] outcome in
            switch step(after: outcome, of: endpoint, for: waiting, on: loop) {
            case .finished(let result): answer.answer(with: result)
            case .continues(let next, let nextEndpoint): route(next, endpoint: nextEndpoint, on: loop, answer: answer)
            }
        }
    }

    /// The client's own type has no handler (a `sendHandler` to an unknown
    /// type is the forwarding handler's fault, see ``step(after:of:for:on:)``).
    private func unknownType(_ message: HandlerMessage) -> RoutingResult {
        .failure(ErrorReport(code: .unknownType, message: "no handler for type '\(message.type)'", path: "payload.type"),
                 type: message.type, data: .null)
    }

    /// Carries out what a handler answered.
    private func step(after outcome: HandlerOutcome, of endpoint: any HandlerEndpoint, for message: HandlerMessage,
                      on loop: EventLoop) -> Step {
        let reply: HandlerReply
        switch outcome {
        case .failure(let report): return .finished(.failure(report, type: message.type, data: .null))
        case .reply(let answered): reply = answered
        }
        guard reply.isSuccess else {
            let report = ErrorReport(code: .handlerFailed, message: "handler \(endpoint.displayName) answered with status '\(reply.status)'")
            return .finished(.failure(report, type: message.type, data: reply.data))
        }
        let type = reply.type.flatMap { $0.isEmpty ? nil : $0 } ?? message.type
        switch reply.command {
        case .reply:
            return .finished(.success(type: type, data: reply.data))
        case .sendClients(let usernames):
            let delivery = Delivery(type: type, from: message.sender, data: reply.data)
            let (delivered, undelivered) = deliver(delivery, to: usernames, from: loop)
            return .finished(.success(type: type, data: ["delivered": .array(delivered.map { .string($0) }),
                                                         "undelivered": .array(undelivered.map { .string($0) })]))
        case .sendServers(let servers):
            let names = servers.map { "'\($0)'" }.joined(separator: ", ")
            let report = ErrorReport(code: .unknownPeer, message: "no peer server \(names): this server has no federation peers configured")
            return .finished(.failure(report, type: type, data: .null))
        case .sendHandler(let nextType):
            guard message.hop < limits.maxHandlerHops else {
                let report = ErrorReport(code: .loopLimit,
                                         message: "sendHandler chain passed \(limits.maxHandlerHops) hops (last: '\(message.type)' to '\(nextType)')")
                return .finished(.failure(report, type: message.type, data: .null))
            }
            guard let nextEndpoint = handlers.endpoint(for: nextType) else {
                let report = ErrorReport(code: .unknownType,
                                         message: "handler \(endpoint.displayName) passed the message to type '\(nextType)' with sendHandler, and no handler serves that type")
                return .finished(.failure(report, type: message.type, data: .null))
            }
            var next = message
            next.type = nextType
            next.data = reply.data
            next.hop += 1
            return .continues(next, endpoint: nextEndpoint)
        }
    }

    /// Delivers to every live session of each user. Returns who was reached
    /// and who was not (not online), each name once, in the order given.
    func deliver(_ delivery: Delivery, to usernames: [String], from loop: EventLoop) -> (delivered: [String], undelivered: [String]) {
        let encodings = DeliveryEncodings(delivery)
        var delivered: [String] = []
        var undelivered: [String] = []
        var seen: Set<String> = []
        var elsewhere: [ObjectIdentifier: (EventLoop, [any DeliveryTarget])] = [:]
        for username in usernames where seen.insert(username).inserted {
            let targets = sessions.sessions(of: username)
            if targets.isEmpty {
                undelivered.append(username)
                continue
            }
            delivered.append(username)
            for target in targets {
                if target.loop === loop {
                    target.deliver(encodings)
                } else {
                    elsewhere[ObjectIdentifier(target.loop), default: (target.loop, [])].1.append(target)
                }
            }
        }
        for (_, (targetLoop, targets)) in elsewhere {
            targetLoop.execute { for target in targets { target.deliver(encodings) } }
        }
        return (delivered, undelivered)
    }
}
