import BesterIO
import BesterProtocol

/// The sessions living on one event loop, swept once a second for timeouts
/// and for output buffers idle connections no longer need.
/// Loop-confined: only touched on its loop.
final class LoopSessions: @unchecked Sendable {
    let loop: EventLoop
    private var sessions: [ObjectIdentifier: any ManagedSession] = [:]
    private var sweepTimer: ScheduledTimer?
    /// Every Bester message written on this loop is encoded here, in one
    /// reused buffer, then copied once into its connection's output.
    private var writer = FrameWriter()
    /// Scratch space for parsing every frame read on this loop.
    private var parseWorkspace = JSONParseWorkspace()
    private let parser = JSONParser()

    init(loop: EventLoop) {
        self.loop = loop
    }

    /// Parses a frame body read on this loop.
    func parse(_ body: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        try parser.parse(body, reusing: &parseWorkspace)
    }

    /// Reads a plain request frame on a connection speaking `dialect`
    /// without building its tree; nil when it must be parsed whole.
    func readRequest(_ body: UnsafeRawBufferPointer, dialect: Dialect) -> ClientRequest? {
        InboundFrame.readRequest(frame: body, dialect: dialect, reusing: &parseWorkspace, parser: parser)
    }

    /// Writes `message` to `connection` as one frame in `dialect`.
    func write(_ message: ServerMessage, in dialect: Dialect, to connection: Connection) {
        writer.withFrame(of: message, in: dialect) { connection.write($0) }
    }

    func add(_ session: any ManagedSession) { sessions[ObjectIdentifier(session)] = session }

    func remove(_ session: any ManagedSession) { sessions.removeValue(forKey: ObjectIdentifier(session)) }

    /// Starts the once-a-second timeout sweep.
    func startSweeping() {
        sweepTimer = loop.scheduleTimer(after: .seconds(1)) { [self] in
            let now = loop.now
            for session in Array(sessions.values) {
                session.checkTimeouts(now: now)
                session.connection.releaseIdleOutputBuffer()
            }
            startSweeping()
        }
    }

    /// Stops sweeping and tells every session the server is stopping.
    func beginShutdown() {
        sweepTimer?.cancel()
        for session in Array(sessions.values) { session.beginShutdown() }
    }

    /// Closes every session now.
    func closeAll() {
        for session in Array(sessions.values) { session.connection.close() }
    }
}
