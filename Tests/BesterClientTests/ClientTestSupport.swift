import BesterClient
import BesterServer
import Foundation
import Synchronization

extension TestServer {
    /// A client logged in as `user`.
    func connect(_ user: String, password: String = "password1", dialect: Dialect = .v3,
                 _ adjust: (inout BesterClient.Options) -> Void = { _ in }) async throws(BesterClientError) -> BesterClient {
        var options = BesterClient.Options(dialect: dialect, connectTimeout: .seconds(5), requestTimeout: .seconds(5),
                                           eventLoopGroup: clientGroup)
        adjust(&options)
        return try await BesterClient.connect(to: endpoint, as: Credentials(username: user, password: password), options: options)
    }
}

/// The event loop the test clients run on (one, as a tool would have).
let clientGroup: EventLoopGroup = {
    do { return try EventLoopGroup(loopCount: 1) } catch { fatalError("client event loop: \(error)") }
}()

/// Takes a client's events as they come, so a test can wait for them one by one.
final class EventLog<Event: Sendable>: Sendable {
    private let state = Mutex<(events: [Event], ended: Bool, waiter: CheckedContinuation<Void, Never>?)>(([], false, nil))

    init(_ events: ClientEvents<Event>) {
        Task { [self] in
            for await event in events { record { $0.events.append(event) } }
            record { $0.ended = true }
        }
    }

    private func record(_ change: (inout (events: [Event], ended: Bool, waiter: CheckedContinuation<Void, Never>?)) -> Void) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            change(&state)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// The next event; nil when the events ended. Fails if nothing comes in time.
    func next(within seconds: Double = 10) async throws -> Event? {
        try await withTimeout(seconds, "a client event") { [self] in
            while true {
                let taken = state.withLock { state -> (event: Event?, ended: Bool) in
                    if state.events.isEmpty { return (nil, state.ended) }
                    return (state.events.removeFirst(), false)
                }
                if let event = taken.event { return event }
                if taken.ended { return nil }
                try Task.checkCancellation()
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let ready = state.withLock { state -> Bool in
                            if !state.events.isEmpty || state.ended || Task.isCancelled { return true }
                            state.waiter = continuation
                            return false
                        }
                        if ready { continuation.resume() }
                    }
                } onCancel: {
                    record { _ in }
                }
            }
        }
    }

    /// Skips events until one matches, and returns it.
    func first(within seconds: Double = 10, where predicate: (Event) -> Bool) async throws -> Event {
        while let event = try await next(within: seconds) {
            if predicate(event) { return event }
        }
        throw TimedOut(what: "a matching event (the events ended)")
    }
}

extension EventLog where Event == BesterClientEvent {
    /// The next event's response; nil when the next event is something else
    /// or the events ended. Fails if nothing comes in time.
    func nextResponse(within seconds: Double = 10) async throws -> Response? {
        guard case .response(let response)? = try await next(within: seconds) else { return nil }
        return response
    }
}

/// Values gathered from concurrent tasks, in the order they came.
final class Collected<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])

    func append(_ value: Value) { storage.withLock { $0.append(value) } }
    var values: [Value] { storage.withLock { $0 } }
}
