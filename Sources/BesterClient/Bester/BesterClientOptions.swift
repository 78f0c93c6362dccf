import BesterIO
import BesterProtocol

extension BesterClient {
    /// How a ``BesterClient`` connects and behaves.
    public struct Options: Sendable {
        /// The dialect spoken on the connection (`v3` unless told otherwise).
        public var dialect: Dialect
        /// Time allowed to connect and log in.
        public var connectTimeout: Duration
        /// Time a request waits for its response, unless the call says otherwise.
        public var requestTimeout: Duration
        /// Reconnection after the connection is lost; nil to stay disconnected.
        public var reconnect: ReconnectPolicy?
        /// What happens to events not taken yet.
        public var eventBuffering: EventBuffering
        /// The largest frame accepted from the server; a larger one ends the connection.
        public var maximumFrameSize: Int
        /// The event loops to run on; nil uses a process-wide group of one loop.
        public var eventLoopGroup: EventLoopGroup?
        /// How often the client sends a `ping` while connected, so that one
        /// that only listens is not closed by the server's idle timeout
        /// (besterd's `limits.idleTimeoutSeconds`, 300 by default); nil sends none.
        public var keepAlive: Duration?

        /// Creates options; every parameter has a default.
        public init(dialect: Dialect = .v3, connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(30),
                    reconnect: ReconnectPolicy? = nil, eventBuffering: EventBuffering = .standard,
                    maximumFrameSize: Int = FrameDecoder.defaultMaximumFrameSize, eventLoopGroup: EventLoopGroup? = nil,
                    keepAlive: Duration? = .seconds(60)) {
            self.dialect = dialect
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.reconnect = reconnect
            self.eventBuffering = eventBuffering
            self.maximumFrameSize = maximumFrameSize
            self.eventLoopGroup = eventLoopGroup
            self.keepAlive = keepAlive
        }
    }
}
