/// Receives what happens on a ``Connection``. Called on the connection's loop
/// thread only, one call at a time.
public protocol ConnectionHandler: AnyObject {
    /// Bytes arrived. `bytes` is only valid during the call: copy what you keep.
    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer)
    /// The peer will send nothing more (it closed or shut down its side).
    /// Output can still be written; close when done.
    func connectionDidReachEndOfInput(_ connection: Connection)
    /// The connection is closed; called exactly once.
    func connection(_ connection: Connection, didCloseWith reason: ConnectionCloseReason)
}

/// Why a connection closed.
public enum ConnectionCloseReason: Sendable, Equatable, CustomStringConvertible {
    /// This side closed it.
    case closedLocally
    /// The peer closed it (or reset it).
    case closedByPeer
    /// More output was queued than the limit allows: the peer reads too slowly.
    case outboundLimitExceeded(pendingBytes: Int)
    /// A system call failed.
    case failed(IOError)

    public var description: String {
        switch self {
        case .closedLocally: return "closed locally"
        case .closedByPeer: return "closed by peer"
        case .outboundLimitExceeded(let pending):
            return "slow consumer: \(pending) bytes of output pending exceeded the limit"
        case .failed(let error): return "\(error)"
        }
    }
}

/// Output limits of a connection.
public struct ConnectionLimits: Sendable {
    /// Output allowed to wait for the peer; past it the connection is closed
    /// as a slow consumer.
    public var maximumPendingOutputBytes: Int
    /// Past this much pending output the connection stops reading, so a
    /// client that sends requests without reading replies is slowed by TCP
    /// instead of growing memory; reading resumes once output drains.
    public var readPauseThresholdBytes: Int

    /// Creates limits.
    public init(maximumPendingOutputBytes: Int = 8 * 1024 * 1024, readPauseThresholdBytes: Int = 1024 * 1024) {
        self.maximumPendingOutputBytes = maximumPendingOutputBytes
        self.readPauseThresholdBytes = readPauseThresholdBytes
    }
}
