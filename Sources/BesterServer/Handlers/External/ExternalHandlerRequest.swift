import BesterIO
import BesterProtocol

/// One message on its way to an external handler, from the moment it is
/// taken until its one outcome. Loop-confined: created, carried, answered and
/// timed out on the sender's loop, so no lock guards it.
final class ExternalHandlerRequest: @unchecked Sendable {
    /// What the handler is sent, as one frame: the data, or the envelope;
    /// null once the frame is on an open connection (``releaseBody()``).
    private(set) var body: JSONValue
    /// Monotonic nanoseconds after which the sender is told the handler timed out.
    let deadline: UInt64
    private var completion: (@Sendable (HandlerOutcome) -> Void)?
    /// Where the outcome is counted.
    private let counters: ExternalHandlerCounters
    /// The per-message exchange carrying it, to close when it times out.
    weak var exchange: PerMessageHandlerExchange?

    /// Counted as taken in `counters`, where its outcome is counted too.
    init(body: JSONValue, deadline: UInt64, counters: ExternalHandlerCounters,
         completion: @escaping @Sendable (HandlerOutcome) -> Void) {
        self.body = body
        self.counters = counters
        counters.requests.countOne()
        self.deadline = deadline
        self.completion = completion
    }

    /// Lets the body go once its frame is written to an open connection, so
    /// that the request's data does not live until the reply (with hundreds
    /// of requests in flight, hundreds of copies held for nothing). Until
    /// then it is kept: a request whose connect is refused is encoded again
    /// for the next one.
    func releaseBody() {
        body = .null
    }

    /// True once the outcome has been given.
    var isDone: Bool { completion == nil }

    /// Gives the outcome, unless one was already given.
    func finish(_ outcome: HandlerOutcome) {
        guard let completion else { return }
        self.completion = nil
        counters.record(outcome)
        completion(outcome)
    }
}
