import BesterIO
import BesterProtocol
import Glibc

/// What every part of one external handler shares: where it listens, how its
/// replies are read, and how its failures are worded for the sender.
final class ExternalHandlerLink: Sendable {
    let configuration: ExternalHandlerConfiguration
    /// How errors and logs name it: `'weather' (external)`.
    let displayName: String
    let address: SocketAddress
    let maxFrameBytes: Int
    /// How long connecting, and then each request, may take: the handler's
    /// own `timeout`, else the server's handler timeout.
    let timeout: Duration
    /// ``timeout`` in nanoseconds, converted once rather than per request.
    let timeoutNanoseconds: UInt64
    /// The handler is read even while requests wait to be written: pausing
    /// reads could deadlock against a handler blocked writing replies.
    let connectionLimits: ConnectionLimits
    /// The process besterd runs for it; nil when someone else runs it.
    let supervisor: HandlerProcessSupervisor?
    let logger: Logger

    init(configuration: ExternalHandlerConfiguration, limits: LimitsConfiguration,
         supervisor: HandlerProcessSupervisor?, logger: Logger) {
        self.configuration = configuration
        self.displayName = "'\(configuration.type)' (external)"
        self.address = .unix(path: configuration.socketPath)
        self.maxFrameBytes = limits.maxFrameBytes
        self.timeout = configuration.timeout ?? limits.handlerTimeout
        self.timeoutNanoseconds = timeout.nanoseconds
        self.connectionLimits = ConnectionLimits(maximumPendingOutputBytes: limits.maxPendingOutputBytes,
                                                 readPauseThresholdBytes: Int.max)
        self.supervisor = supervisor
        self.logger = logger
    }

    func garbage(_ what: String) -> ErrorReport {
        ErrorReport(code: .handlerFailed, message: "handler \(displayName) replied garbage: \(what)")
    }

    /// Every request of a handler is given the same time, ``timeout``.
    func timedOut() -> ErrorReport {
        ErrorReport(code: .handlerTimeout, message: "handler \(displayName) did not answer within \(timeout)")
    }

    func closedEarly(_ reason: ConnectionCloseReason) -> ErrorReport {
        let why: String
        switch reason {
        case .closedLocally, .closedByPeer: why = "closed the connection without replying"
        case .outboundLimitExceeded: why = "stopped reading its requests"
        case .failed(let error): why = "connection failed without a reply (\(error.reason))"
        }
        return ErrorReport(code: .handlerFailed, message: "handler \(displayName) \(why)")
    }

    func unavailable(_ why: String) -> ErrorReport {
        .unavailable(handler: displayName, why)
    }

    func cannotConnect(_ error: IOError) -> ErrorReport {
        unavailable("cannot connect to \(configuration.socketPath) (\(error.reason))")
    }
}
