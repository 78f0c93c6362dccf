import BesterIO
import BesterProtocol

/// Why a ``BesterClient`` call did not get a successful response.
public enum BesterClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection could be made (refused, unreachable, no such host).
    case cannotConnect(Endpoint, IOError)
    /// The server answered with `status: bad`; the response's `error` says why.
    case rejected(Response)
    /// No response came within the time allowed.
    case timedOut(after: Duration)
    /// The waiting task was cancelled.
    case cancelled
    /// The connection ended while the call waited, before its response came;
    /// the server may or may not have processed the request. `notice` is the
    /// last thing the server said on its own, if anything (a shutdown, say).
    /// Calls made once the connection is lost for good get it too.
    case connectionLost(ConnectionCloseReason, notice: Notice?)
    /// The client was closed with ``BesterClient/close()``.
    case closed
    /// The connection is being re-established; fire-and-forget sends are not
    /// queued (requests are, up to their timeout).
    case notConnected
    /// A request with this id is already waiting for its response.
    case duplicateRequestID(String)
    /// The server sent something that is not the Bester protocol.
    case protocolViolation(String)

    /// The server's error report, for ``rejected(_:)``.
    public var errorReport: ErrorReport? {
        guard case .rejected(let response) = self else { return nil }
        return response.error
    }

    /// True when trying again later may succeed: the server could not be
    /// reached or was busy, as opposed to refusing these credentials.
    public var isTransient: Bool {
        switch self {
        case .cannotConnect, .timedOut, .connectionLost, .notConnected: return true
        case .rejected(let response):
            guard let code = response.error?.code else { return false }
            return [.serverFull, .serverBusy, .shuttingDown, .throttled, .rateLimited].contains(code)
        case .cancelled, .closed, .duplicateRequestID, .protocolViolation: return false
        }
    }

    /// One line for people: what was wrong, not how.
    public var description: String {
        switch self {
        case let .cannotConnect(endpoint, error):
            return "cannot connect to \(endpoint): \(error.reason)"
        case .rejected(let response):
            guard let error = response.error else { return "the server refused the request (status bad)" }
            return "\(error.message) (\(error.code))"
        case .timedOut(let duration):
            return "no response within \(duration)"
        case .cancelled:
            return "cancelled"
        case let .connectionLost(reason, notice):
            let cause = reason == .closedByPeer || reason == .closedLocally ? "the server closed the connection" : "\(reason)"
            guard let notice else { return "connection lost: \(cause)" }
            return "connection lost: \(notice.message) (\(notice.event))"
        case .closed:
            return "the client is closed"
        case .notConnected:
            return "not connected (reconnecting)"
        case .duplicateRequestID(let id):
            return "a request with id '\(id)' is already waiting for its response"
        case .protocolViolation(let what):
            return "the server broke the protocol: \(what)"
        }
    }
}
