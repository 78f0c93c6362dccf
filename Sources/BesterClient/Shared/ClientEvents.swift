/// What a client's connection brings that no call awaits: deliveries,
/// updates, notices, connection changes. Iterate it from one task.
///
/// It ends when the client is closed or its connection is lost for good.
/// What is not taken yet is buffered as the client's ``EventBuffering``
/// says.
public struct ClientEvents<Event: Sendable>: AsyncSequence, Sendable {
    public typealias Element = Event
    public typealias Failure = Never

    private let stream: AsyncStream<Event>
    private let flow: EventFlow?

    init(stream: AsyncStream<Event>, flow: EventFlow?) {
        self.stream = stream
        self.flow = flow
    }

    /// Iterates the events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private var base: AsyncStream<Event>.AsyncIterator
        private let flow: EventFlow?

        fileprivate init(base: AsyncStream<Event>.AsyncIterator, flow: EventFlow?) {
            self.base = base
            self.flow = flow
        }

        /// The next event; nil once the sequence has ended (or the task was cancelled).
        public mutating func next() async -> Event? {
            let event = await base.next()
            if event != nil { flow?.consumed() }
            return event
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), flow: flow)
    }
}
