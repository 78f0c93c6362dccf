/// The producing side of a client's ``ClientEvents``: the connection's loop
/// yields events into it; with ``EventBuffering/pauseReading(after:)`` it
/// says when reading should pause.
final class EventChannel<Event: Sendable>: Sendable {
    /// The consuming side, handed to the application.
    let events: ClientEvents<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private let flow: EventFlow?

    init(buffering: EventBuffering) {
        let stream: AsyncStream<Event>
        switch buffering {
        case .pauseReading(let limit):
            (stream, continuation) = AsyncStream<Event>.makeStream()
            flow = EventFlow(pauseLimit: max(1, limit))
        case .dropOldest(let keeping):
            (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(max(0, keeping)))
            flow = nil
        }
        events = ClientEvents(stream: stream, flow: flow)
    }

    /// Sets what runs (on the consumer's thread) when it has caught up after a pause.
    func onResume(_ handler: @escaping @Sendable () -> Void) {
        flow?.onResume(handler)
    }

    /// Adds an event. Returns true when reading should pause.
    @discardableResult
    func yield(_ event: Event) -> Bool {
        guard case .enqueued = continuation.yield(event), let flow else { return false }
        return flow.produced()
    }

    /// True while reading should stay paused.
    var isPaused: Bool { flow?.isPaused ?? false }

    /// Ends the sequence once the consumer has taken what is buffered.
    func finish() { continuation.finish() }
}
