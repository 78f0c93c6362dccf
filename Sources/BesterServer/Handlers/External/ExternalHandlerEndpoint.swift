import BesterIO
import BesterProtocol

/// A message handler in another process, in any language, reached over its
/// Unix socket (`handlers.typeMap` in the configuration). It receives each
/// message's data (or an envelope) as one frame and answers with one
/// ``HandlerReply`` frame, per message on its own connection or pipelined
/// on persistent ones. See Docs/handlers.md.
final class ExternalHandlerEndpoint: HandlerEndpoint {
    let link: ExternalHandlerLink
    /// One per event loop, in loop order.
    private let pools: [ExternalHandlerPool]

    /// An endpoint for `configuration`, serving sessions on `loops`. When the
    /// configuration names a program, `supervisor` runs it.
    init(configuration: ExternalHandlerConfiguration, limits: LimitsConfiguration, loops: [EventLoop],
         supervisor: HandlerProcessSupervisor?, logger: Logger) {
        let link = ExternalHandlerLink(configuration: configuration, limits: limits, supervisor: supervisor, logger: logger)
        self.link = link
        pools = loops.map { ExternalHandlerPool(loop: $0, link: link) }
    }

    var displayName: String { link.displayName }

    /// The supervised process, if besterd runs it.
    var supervisor: HandlerProcessSupervisor? { link.supervisor }

    func process(_ message: HandlerMessage, on loop: EventLoop, timeout: Duration,
                 completion: @escaping @Sendable (HandlerOutcome) -> Void) {
        guard loop.index < pools.count, pools[loop.index].loop === loop else {
            completion(.failure(ErrorReport(code: .internal, message: "handler \(displayName) was called from a loop it does not serve")))
            return
        }
        let pool = pools[loop.index]
        // Fields read one by one: a copy of the whole configuration would retain each of its strings.
        let body = link.configuration.envelope
            ? HandlerEnvelope(sender: message.sender, id: message.id, type: message.type, data: message.data, dialect: message.dialect).json
            : message.data
        pool.dispatch(ExternalHandlerRequest(body: body, deadline: loop.now + link.timeoutNanoseconds,
                                             counters: pool.counters, completion: completion))
    }

    var status: JSONObject {
        let configuration = link.configuration
        var status: JSONObject = ["kind": "external", "mode": .string(configuration.mode.rawValue),
                                  "envelope": .bool(configuration.envelope)]
        if configuration.mode == .persistent {
            status["connectionsPerLoop"] = .integer(Int64(configuration.connections))
        }
        status["process"] = link.supervisor?.status ?? "started elsewhere"
        status["counters"] = ExternalHandlerCounters.report(pools.map(\.counters))
        return status
    }

    /// Answers the requests still waiting and closes every connection to the
    /// handler; returns once each loop has done so.
    func close() async {
        for pool in pools {
            _ = try? await pool.loop.submit { pool.closeAll() }
        }
    }
}
