import BesterIO

/// How a chat client (``MessagePackChatClient``, ``ChatMasterClient``)
/// connects and behaves.
public struct ChatClientOptions: Sendable {
    /// Time allowed to connect (and, for ChatMaster, to agree on compression).
    public var connectTimeout: Duration
    /// Time a call waits for its answer, unless it says otherwise.
    public var requestTimeout: Duration
    /// What happens to events not taken yet.
    public var eventBuffering: EventBuffering
    /// The event loops to run on; nil uses a process-wide group of one loop.
    public var eventLoopGroup: EventLoopGroup?

    /// Creates options; every parameter has a default.
    public init(connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(30),
                eventBuffering: EventBuffering = .standard, eventLoopGroup: EventLoopGroup? = nil) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.eventBuffering = eventBuffering
        self.eventLoopGroup = eventLoopGroup
    }
}
