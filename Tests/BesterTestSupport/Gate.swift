import BesterProtocol
import BesterServer
import Synchronization

/// Holds each message (keyed by `data.key`) until the test opens it, then
/// answers with `data`: the test decides the order responses leave the server.
public final class Gate: AsyncMessageHandler {
    private let waiting = Mutex<[String: CheckedContinuation<Void, Never>]>([:])
    private let arrivals: AsyncStream<String>
    private let arrived: AsyncStream<String>.Continuation
    private let cancellations: AsyncStream<String>
    private let cancelled: AsyncStream<String>.Continuation

    /// Creates a gate holding nothing.
    public init() {
        (arrivals, arrived) = AsyncStream<String>.makeStream()
        (cancellations, cancelled) = AsyncStream<String>.makeStream()
    }

    public func handle(_ message: HandlerMessage) async throws -> HandlerReply {
        let key = message.data["key"]?.stringValue ?? ""
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Cancelled before it was held: the cancellation handler found nothing to resume.
                let cancelled = waiting.withLock { waiting in
                    if Task.isCancelled { return true }
                    waiting[key] = continuation
                    return false
                }
                if cancelled { continuation.resume() } else { arrived.yield(key) }
            }
        } onCancel: {
            waiting.withLock { $0.removeValue(forKey: key) }?.resume()
            cancelled.yield(key)
        }
        // A cancelled hold fails instead of answering: a test sees whether its request ran to the end.
        try Task.checkCancellation()
        return HandlerReply(command: .reply, data: message.data)
    }

    /// Returns once every key in `keys` is held.
    public func waitUntilHeld(_ keys: Set<String>) async throws {
        try await Self.waitFor(keys, in: arrivals, "gate arrivals")
    }

    /// Returns once the tasks of every message in `keys` have been cancelled.
    public func waitUntilCancelled(_ keys: Set<String>) async throws {
        try await Self.waitFor(keys, in: cancellations, "gate cancellations")
    }

    private static func waitFor(_ keys: Set<String>, in stream: AsyncStream<String>, _ what: String) async throws {
        try await withTimeout(10, "\(what) \(keys.sorted())") {
            var seen = Set<String>()
            for await key in stream {
                seen.insert(key)
                if seen.isSuperset(of: keys) { return }
            }
        }
    }

    /// Lets the message held under `key` go on.
    public func open(_ key: String) {
        waiting.withLock { $0.removeValue(forKey: key) }?.resume()
    }

    /// Lets every held message go on.
    public func openAll() {
        let all = waiting.withLock { waiting in
            defer { waiting = [:] }
            return Array(waiting.values)
        }
        for continuation in all { continuation.resume() }
    }
}
