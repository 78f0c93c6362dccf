import BesterProtocol
import Synchronization

/// Message types and the handlers that serve them. Filled before the server
/// starts; read on every request.
final class HandlerRegistry: Sendable {
    private let endpoints = Mutex<[String: any HandlerEndpoint]>([:])

    /// Serves `type` with `endpoint`, replacing any earlier one.
    func register(_ endpoint: any HandlerEndpoint, forType type: String) {
        endpoints.withLock { $0[type] = endpoint }
    }

    /// The handler for `type`, if any.
    func endpoint(for type: String) -> (any HandlerEndpoint)? {
        endpoints.withLock { $0[type] }
    }

    /// Every registered handler, once per type it serves.
    var all: [any HandlerEndpoint] { endpoints.withLock { Array($0.values) } }

    /// Every registered type, sorted.
    var types: [String] { endpoints.withLock { $0.keys.sorted() } }

    /// The answer to the `handlers` built-in: each type's handler with its
    /// status, sorted by type.
    var statusReport: JSONValue {
        let all = endpoints.withLock { $0.sorted { $0.key < $1.key } }
        return ["handlers": .array(all.map { type, endpoint in
            var entry: JSONObject = ["type": .string(type)]
            for member in endpoint.status { entry[member.key] = member.value }
            return .object(entry)
        })]
    }
}
