import BesterIO
import BesterProtocol
import Dispatch
import Foundation
import Glibc
import Synchronization

/// Runs one external handler's program (`handlerBinary`) and keeps it
/// running: starts it, waits until its socket accepts connections, restarts
/// it with exponential backoff whenever it exits, and stops it on shutdown
/// (SIGTERM to its process group, SIGKILL after a grace period).
///
/// Each supervisor has one thread of its own, which starts the child and
/// then waits for it. The child is started with a parent-death signal tied
/// to that thread, and the thread never ends while its child runs, so a
/// child cannot outlive besterd, even one killed with SIGKILL.
final class HandlerProcessSupervisor: Sendable {
    /// Where the process is in its life.
    enum Phase: String, Sendable {
        case notStarted = "not started", starting, running, restarting, stopping, stopped
    }

    /// First delay before a restart; doubled at each exit, up to ``maximumBackoff``.
    static let initialBackoff: Duration = .milliseconds(100)
    static let maximumBackoff: Duration = .seconds(30)
    /// A process that ran this long before exiting is restarted after ``initialBackoff`` again.
    static let stableUptime: Duration = .seconds(10)
    /// How long the server's start waits for a handler's socket, and how
    /// long a process may take to listen before a warning is logged.
    static let readinessWarning: Duration = .seconds(10)

    private struct State {
        var phase = Phase.notStarted
        var pid: pid_t?
        /// How many times a process became ready; requests remember which one they used.
        var generation = 0
        var restarts = 0
        var lastExit: String?
        var stopRequested = false
        var waiters: [@Sendable (Int?) -> Void] = []
        /// Told whether the first start succeeded, once it has settled.
        var firstStartWaiters: [@Sendable (Bool) -> Void] = []
        var firstStartSettled = false
    }

    let configuration: ExternalHandlerConfiguration
    private let executable: String
    private let logger: Logger
    private let state = Mutex(State())
    /// Interrupts the thread's pauses (backoff, readiness polling) at shutdown.
    private let wake = DispatchSemaphore(value: 0)
    /// Set once the thread is done (or was never needed): callbacks waiting for that.
    private let ended = Mutex<(done: Bool, waiters: [@Sendable () -> Void])>((false, []))
    /// ``State/generation`` while a process is ready, 0 otherwise: read on every request.
    private let readyGenerationValue = Atomic<Int>(0)

    /// A supervisor for `configuration`, which must name an executable.
    init?(configuration: ExternalHandlerConfiguration, logger: Logger) {
        guard let executable = configuration.executable else { return nil }
        self.configuration = configuration
        self.executable = executable
        self.logger = logger
    }

    // MARK: Asking

    /// The generation of the running, ready process; nil while it is not.
    var readyGeneration: Int? {
        let generation = readyGenerationValue.load(ordering: .relaxed)
        return generation > 0 ? generation : nil
    }

    /// False once the process of `generation` has ended (or is no longer
    /// the current one), even before this supervisor's thread has noticed.
    func isAlive(generation: Int) -> Bool {
        state.withLock { state in
            guard state.generation == generation, state.phase == .running, let pid = state.pid else { return false }
            return !ChildProcess.hasEnded(pid)
        }
    }

    /// Why requests cannot reach the handler now, for the sender.
    var unavailability: String {
        state.withLock { state in
            switch state.phase {
            case .running: return "its process runs but does not accept connections"
            case .starting:
                // A process that never listens stays here: the path helps find a handler listening elsewhere.
                let pid = state.pid.map { "pid \($0), " } ?? ""
                return "its process is starting (\(pid)not yet listening on \(configuration.socketPath))"
            case .restarting: return "its process is restarting" + (state.lastExit.map { " (last exit: \($0))" } ?? "")
            case .notStarted, .stopping, .stopped: return "its process is not running"
            }
        }
    }

    /// The process's state, for the status command.
    var status: JSONValue {
        state.withLock { state in
            var object: JSONObject = ["state": .string(state.phase.rawValue)]
            object["pid"] = state.pid.map { .integer(Int64($0)) } ?? .null
            object["restarts"] = .integer(Int64(state.restarts))
            object["lastExit"] = state.lastExit.map { .string($0) } ?? .null
            return .object(object)
        }
    }

    /// Calls `callback` (on some thread) with the generation of the first
    /// ready process newer than `generation`, at once if there is one; with
    /// nil if the supervisor stops first.
    func whenReady(after generation: Int, _ callback: @escaping @Sendable (Int?) -> Void) {
        let answer = state.withLock { state -> Int?? in
            if state.phase == .running && state.generation > generation { return .some(state.generation) }
            if state.phase == .stopped || state.stopRequested { return .some(nil) }
            state.waiters.append(callback)
            return .none
        }
        if let answer { callback(answer) }
    }

    /// Waits until the first process is ready (true), or it could not be
    /// started, exited first, the supervisor stopped or `limit` passed (false).
    func waitForFirstStart(within limit: Duration) async -> Bool {
        await Self.awaitEvent(within: limit) { done in
            let settled = self.state.withLock { state -> Bool? in
                if state.firstStartSettled { return state.phase == .running }
                state.firstStartWaiters.append(done)
                return nil
            }
            if let settled { done(settled) }
        }
    }

    private func settleFirstStart(_ started: Bool) {
        let waiters = state.withLock { state -> [@Sendable (Bool) -> Void] in
            guard !state.firstStartSettled else { return [] }
            state.firstStartSettled = true
            defer { state.firstStartWaiters = [] }
            return state.firstStartWaiters
        }
        for waiter in waiters { waiter(started) }
    }

    // MARK: Running

    /// Starts the supervising thread.
    func start() {
        let alreadyStarted = state.withLock { state -> Bool in
            guard state.phase == .notStarted, !state.stopRequested else { return true }
            state.phase = .starting
            return false
        }
        guard !alreadyStarted else { return }
        let thread = Thread { [self] in supervise() }
        thread.name = "bester-handler"
        thread.start()
    }

    /// Stops the process: SIGTERM to its group, SIGKILL if it is still there
    /// after `grace`. Returns once it has been reaped and the thread is done.
    func stop(grace: Duration) async {
        let (running, waiters) = state.withLock { state -> (Bool, [@Sendable (Int?) -> Void]) in
            state.stopRequested = true
            let waiters = state.waiters
            state.waiters = []
            guard state.phase != .notStarted else {
                state.phase = .stopped
                return (false, waiters)
            }
            if state.phase != .stopped { state.phase = .stopping }
            // Signalled under the lock: the pid cannot be reaped and reused meanwhile.
            if let pid = state.pid { ChildProcess.signal(pid, SIGTERM) }
            return (true, waiters)
        }
        for waiter in waiters { waiter(nil) }
        settleFirstStart(false)
        wake.signal()
        guard running else {
            markEnded()
            return
        }
        if await !Self.awaitEvent(within: grace, { done in self.whenEnded { done(true) } }) {
            state.withLock { state in
                guard let pid = state.pid else { return }
                logger.warning("handler.killed", ["type": configuration.type, "pid": "\(pid)", "grace": Self.seconds(grace)])
                ChildProcess.signal(pid, SIGKILL)
            }
            await withCheckedContinuation { continuation in whenEnded { continuation.resume() } }
        }
    }

    private func whenEnded(_ callback: @escaping @Sendable () -> Void) {
        let done = ended.withLock { ended -> Bool in
            if !ended.done { ended.waiters.append(callback) }
            return ended.done
        }
        if done { callback() }
    }

    private func markEnded() {
        let waiters = ended.withLock { ended -> [@Sendable () -> Void] in
            ended.done = true
            let waiters = ended.waiters
            ended.waiters = []
            return waiters
        }
        for waiter in waiters { waiter() }
    }

    /// Waits for an event reported through a callback, or `limit`: true if the event came first.
    private static func awaitEvent(within limit: Duration,
                                   _ register: @escaping @Sendable (@escaping @Sendable (Bool) -> Void) -> Void) async -> Bool {
        let once = ResumeOnce()
        return await withCheckedContinuation { continuation in
            once.set(continuation)
            let timer = Task {
                // Cancelled: the event came first.
                guard (try? await Task.sleep(for: limit)) != nil else { return }
                once.resume(false)
            }
            register { value in
                timer.cancel()
                once.resume(value)
            }
        }
    }

    private var stopRequested: Bool { state.withLock { $0.stopRequested } }

    /// The thread's life: start, wait for readiness, wait for exit, pause, again.
    private func supervise() {
        var backoff = Self.initialBackoff
        while !stopRequested {
            let startedAt = ContinuousClock.now
            if let pid = startProcess() {
                if waitUntilAccepting(pid) { becomeReady(pid) }
                ChildProcess.waitUntilEnded(pid)
                readyGenerationValue.store(0, ordering: .relaxed)
                let exit = state.withLock { state -> ChildExitStatus in
                    state.pid = nil
                    state.phase = state.stopRequested ? .stopping : .restarting
                    let exit = ChildProcess.reap(pid)
                    state.lastExit = exit.description
                    return exit
                }
                let uptime = ContinuousClock.now - startedAt
                logger.log(stopRequested ? .info : .warning, "handler.exited") {
                    ["type": configuration.type, "pid": "\(pid)", "status": exit.description, "uptime": Self.seconds(uptime)]
                }
                if uptime >= Self.stableUptime { backoff = Self.initialBackoff }
            }
            let restarting = state.withLock { state -> Bool in
                guard !state.stopRequested else { return false }
                state.phase = .restarting
                state.restarts += 1
                return true
            }
            settleFirstStart(false)
            guard restarting else { break }
            logger.info("handler.restarting", ["type": configuration.type, "in": Self.seconds(backoff)])
            pause(backoff)
            backoff = min(backoff * 2, Self.maximumBackoff)
        }
        let waiters = state.withLock { state -> [@Sendable (Int?) -> Void] in
            state.phase = .stopped
            let waiters = state.waiters
            state.waiters = []
            return waiters
        }
        for waiter in waiters { waiter(nil) }
        settleFirstStart(false)
        logger.info("handler.stopped", ["type": configuration.type])
        markEnded()
    }

    /// Starts the program; nil (logged) if it could not be started.
    private func startProcess() -> pid_t? {
        let socketPath = configuration.socketPath
        switch UnixSocketFile.status(at: socketPath) {
        case .stale: unlink(socketPath)
        case .listening:
            logger.warning("handler.socket_in_use", ["type": configuration.type, "socket": socketPath,
                                                     "note": "another process listens there; starting the handler anyway"])
        case .missing, .notASocket: break
        }
        var environment = ProcessInfo.processInfo.environment
        environment["BESTER_HANDLER_TYPE"] = configuration.type
        environment["BESTER_SOCKET_PATH"] = socketPath
        environment["BESTER_HANDLER_MODE"] = configuration.mode.rawValue
        environment["BESTER_HANDLER_ENVELOPE"] = configuration.envelope ? "1" : "0"
        environment.merge(configuration.environment) { $1 }
        guard !stopRequested else { return nil }
        switch ChildProcess.spawn(executable: executable, arguments: configuration.arguments, environment: environment,
                                  workingDirectory: configuration.workingDirectory) {
        case .success(let pid):
            state.withLock { state in
                state.pid = pid
                if state.phase == .restarting { state.phase = .starting }
                // A stop that came during the spawn could not signal this pid.
                if state.stopRequested { ChildProcess.signal(pid, SIGTERM) }
            }
            logger.info("handler.started", ["type": configuration.type, "pid": "\(pid)", "program": executable,
                                            "socket": socketPath, "mode": configuration.mode.rawValue])
            return pid
        case .failure(let error):
            state.withLock { $0.lastExit = "could not start: \(error.reason)" }
            logger.error("handler.start_failed", ["type": configuration.type, "program": executable, "error": "\(error)"])
            return nil
        }
    }

    /// Polls the socket until it accepts; false if the process ended or
    /// shutdown began first.
    private func waitUntilAccepting(_ pid: pid_t) -> Bool {
        let warnAt = ContinuousClock.now + Self.readinessWarning
        var warned = false
        var interval: Duration = .milliseconds(2)
        while !stopRequested && !ChildProcess.hasEnded(pid) {
            if UnixSocketFile.status(at: configuration.socketPath) == .listening { return true }
            if !warned && ContinuousClock.now >= warnAt {
                warned = true
                logger.warning("handler.not_listening", ["type": configuration.type, "pid": "\(pid)",
                                                         "socket": configuration.socketPath, "waited": Self.seconds(Self.readinessWarning)])
            }
            pause(interval)
            interval = min(interval * 2, .milliseconds(50))
        }
        return false
    }

    private func becomeReady(_ pid: pid_t) {
        let ready = state.withLock { state -> (Int, [@Sendable (Int?) -> Void])? in
            guard !state.stopRequested else { return nil }
            state.phase = .running
            state.generation += 1
            readyGenerationValue.store(state.generation, ordering: .relaxed)
            let waiters = state.waiters
            state.waiters = []
            return (state.generation, waiters)
        }
        guard let (generation, waiters) = ready else { return }
        // Logged before the server's start is released, so that `server.started` comes after it.
        logger.info("handler.ready", ["type": configuration.type, "pid": "\(pid)", "socket": configuration.socketPath])
        settleFirstStart(true)
        for waiter in waiters { waiter(generation) }
    }

    /// `1.25s`: durations in logs, to the millisecond.
    private static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.nanoseconds / 1_000_000
        let fraction = milliseconds % 1000
        let digits = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)"
        return "\(milliseconds / 1000).\(digits)s"
    }

    /// Sleeps for `duration` unless shutdown wakes the thread first.
    private func pause(_ duration: Duration) {
        _ = wake.wait(timeout: .now() + .nanoseconds(Int(clamping: duration.nanoseconds)))
        if stopRequested { wake.signal() }
    }
}

/// Resumes a continuation once, from whichever side comes first.
private final class ResumeOnce: Sendable {
    private let continuation = Mutex<CheckedContinuation<Bool, Never>?>(nil)

    func set(_ continuation: CheckedContinuation<Bool, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    func resume(_ value: Bool) {
        continuation.withLock { $0.take() }?.resume(returning: value)
    }
}
