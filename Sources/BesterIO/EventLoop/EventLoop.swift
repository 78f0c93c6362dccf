import CBesterSystem
import Glibc
import Synchronization

/// One thread multiplexing many sockets with `epoll`.
///
/// Everything registered with a loop (connections, listeners, timers) is
/// touched only on its thread, so that code needs no locks. Other threads
/// talk to a loop with ``execute(_:)``, which queues a closure and wakes the
/// loop through an `eventfd`.
///
/// Each turn of the loop: wait for readiness, handle every ready socket,
/// **flush**, run queued closures and due timers, flush again. A flush gives
/// every connection written to one `send` for everything queued, so a burst
/// of replies or a fan-out to many recipients costs one system call per
/// socket. Answers go out together after every ready socket was read, as
/// Redis does, rather than each right after its own read: a load generator
/// (or any client with many connections) then finds a burst of answers
/// waiting instead of being woken for each, and waking a thread on another
/// CPU is among the costliest parts of a loopback `send` (measured in
/// `Docs/performance.md`, "Server: request/reply").
public final class EventLoop: @unchecked Sendable {
    /// Position of this loop in its group.
    public let index: Int

    private let epollDescriptor: Int32
    private let wakeDescriptor: Int32
    /// Closures from other threads; once the loop has stopped, none are taken.
    private let queuedTasks = Mutex<(tasks: [@Sendable () -> Void], stopped: Bool)>(([], false))
    private let wakePending = Atomic<Bool>(false)
    private let threadID = Atomic<UInt>(0)

    // Loop-confined state below.
    private var sources: [EventSource?] = []
    private var generations: [UInt32] = []
    private var freeSlots: [Int] = []
    private var localTasks: [() -> Void] = []
    private var timers = TimerHeap()
    private var connectionsToFlush: [Connection] = []
    /// Emptied arrays swapped with the ones above to take a turn's batch:
    /// copying the array and then emptying it would allocate every turn.
    private var queuedBatch: [@Sendable () -> Void] = []
    private var localBatch: [() -> Void] = []
    private var flushBatch: [Connection] = []
    private var stopRequested = false
    /// The epoll and eventfd descriptors, until the loop has stopped (or,
    /// for a loop that never ran, until deinit). Read only once the loop's
    /// thread has ended, or on it.
    private(set) var descriptorsOpen = true

    /// Shared read buffer: sockets are read into it one at a time, so idle
    /// connections hold no read memory of their own.
    let readBuffer: UnsafeMutableRawBufferPointer

    /// Monotonic time in nanoseconds at the start of the current turn.
    public private(set) var now: UInt64

    private static let wakeToken = UInt64.max
    private static let readBufferSize = 64 * 1024

    init(index: Int) throws(IOError) {
        self.index = index
        epollDescriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollDescriptor >= 0 else { throw IOError("epoll_create1") }
        wakeDescriptor = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeDescriptor >= 0 else {
            close(epollDescriptor)
            throw IOError("eventfd")
        }
        readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.readBufferSize, alignment: 16)
        now = MonotonicClock.now()
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = Self.wakeToken
        guard epoll_ctl(epollDescriptor, EPOLL_CTL_ADD, wakeDescriptor, &event) == 0 else {
            throw IOError("epoll_ctl(eventfd)")
        }
    }

    deinit {
        if descriptorsOpen {
            close(epollDescriptor)
            close(wakeDescriptor)
        }
        readBuffer.deallocate()
    }

    /// True when called on this loop's thread.
    public var inEventLoop: Bool { threadID.load(ordering: .relaxed) == UInt(pthread_self()) }

    /// Runs `task` on the loop thread: at once when called there (so it
    /// keeps its place among what the caller does next), else as ``execute(_:)``.
    public func perform(_ task: @escaping @Sendable () -> Void) {
        if inEventLoop { task() } else { execute(task) }
    }

    /// Runs `task` on the loop thread, soon. Safe from any thread.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        if inEventLoop {
            localTasks.append(task)
            return
        }
        queuedTasks.withLock { queue in
            // A stopped loop runs nothing more, and its eventfd is closed.
            guard !queue.stopped else { return }
            queue.tasks.append(task)
            // Under the lock, so that the loop cannot close the eventfd in between.
            if !wakePending.exchange(true, ordering: .acquiringAndReleasing) {
                var one: UInt64 = 1
                _ = write(wakeDescriptor, &one, 8)
            }
        }
    }

    /// Runs `body` on the loop thread and returns its result to the caller.
    public func submit<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            execute {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    /// Calls `callback` on the loop thread once `delay` has passed.
    @discardableResult
    public func scheduleTimer(after delay: Duration, _ callback: @escaping @Sendable () -> Void) -> ScheduledTimer {
        let timer = ScheduledTimer(deadline: MonotonicClock.now() + delay.nanoseconds, callback: callback)
        if inEventLoop {
            timers.insert(timer)
        } else {
            execute { [self] in timers.insert(timer) }
        }
        return timer
    }

    /// Asks the loop to return from ``run()`` after the current turn.
    func stop() {
        execute { [self] in stopRequested = true }
    }

    // MARK: Registration (loop thread only)

    /// Adds `descriptor` to the epoll set; returns the token for later changes.
    func register(_ source: EventSource, descriptor: Int32, events: UInt32) throws(IOError) -> UInt64 {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            sources[slot] = source
        } else {
            slot = sources.count
            sources.append(source)
            generations.append(0)
        }
        let token = UInt64(generations[slot]) << 32 | UInt64(slot)
        var event = epoll_event()
        event.events = events
        event.data.u64 = token
        guard epoll_ctl(epollDescriptor, EPOLL_CTL_ADD, descriptor, &event) == 0 else {
            let error = IOError("epoll_ctl(add)")
            release(slot: slot)
            throw error
        }
        return token
    }

    /// Changes the events watched for a registered descriptor.
    func modify(token: UInt64, descriptor: Int32, events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.u64 = token
        epoll_ctl(epollDescriptor, EPOLL_CTL_MOD, descriptor, &event)
    }

    /// Removes a descriptor; events already reported for it are dropped.
    func deregister(token: UInt64, descriptor: Int32) {
        epoll_ctl(epollDescriptor, EPOLL_CTL_DEL, descriptor, nil)
        let slot = Int(token & 0xFFFF_FFFF)
        if slot < sources.count, generations[slot] == UInt32(token >> 32) { release(slot: slot) }
    }

    private func release(slot: Int) {
        sources[slot] = nil
        generations[slot] &+= 1
        freeSlots.append(slot)
    }

    /// Queues a connection for the end-of-turn flush.
    func scheduleFlush(_ connection: Connection) {
        connectionsToFlush.append(connection)
    }

    // MARK: The loop

    /// Runs the loop on the calling thread until ``stop()``.
    func run() {
        threadID.store(UInt(pthread_self()), ordering: .relaxed)
        let capacity: Int32 = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: Int(capacity))
        defer { events.deallocate() }
        while !stopRequested {
            let count = epoll_wait(epollDescriptor, events, capacity, waitTimeout())
            now = MonotonicClock.now()
            if count > 0 {
                for position in 0..<Int(count) { dispatch(events[position]) }
                // The answers to what was read go out before queued work and
                // timers (a sweep of every session) run.
                flushConnections()
            }
            runTasks()
            runDueTimers()
            flushConnections()
        }
        releaseEverything()
        threadID.store(0, ordering: .relaxed)
    }

    /// The loop has stopped: what is still registered is closed, the
    /// loop's own descriptors too, and every reference it held is dropped,
    /// so that nothing outlives the group (a server started and stopped
    /// many times in one process leaks no descriptor).
    private func releaseEverything() {
        for source in sources.compactMap({ $0 }) { source.closeWhenLoopStops() }
        queuedTasks.withLock { queue in
            queue.stopped = true
            queue.tasks = []
        }
        close(epollDescriptor)
        close(wakeDescriptor)
        descriptorsOpen = false
        sources = []
        generations = []
        freeSlots = []
        localTasks = []
        timers = TimerHeap()
        connectionsToFlush = []
    }

    private func dispatch(_ event: epoll_event) {
        let token = event.data.u64
        if token == Self.wakeToken {
            var value: UInt64 = 0
            _ = read(wakeDescriptor, &value, 8)
            wakePending.store(false, ordering: .releasing)
            return
        }
        let slot = Int(token & 0xFFFF_FFFF)
        guard slot < sources.count, generations[slot] == UInt32(token >> 32), let source = sources[slot] else { return }
        source.handleEvents(event.events)
    }

    private func waitTimeout() -> Int32 {
        if !localTasks.isEmpty || !connectionsToFlush.isEmpty { return 0 }
        guard let deadline = timers.earliestDeadline else { return -1 }
        let current = MonotonicClock.now()
        guard deadline > current else { return 0 }
        // Round up so a timer never fires early.
        return Int32(min((deadline - current + 999_999) / 1_000_000, UInt64(Int32.max)))
    }

    private func runTasks() {
        // A bounded number of rounds: tasks that queue tasks cannot starve I/O.
        for _ in 0..<4 {
            queuedTasks.withLock { swap(&$0.tasks, &queuedBatch) }
            swap(&localTasks, &localBatch)
            if queuedBatch.isEmpty && localBatch.isEmpty { return }
            for task in queuedBatch { task() }
            queuedBatch.removeAll(keepingCapacity: true)
            for task in localBatch { task() }
            localBatch.removeAll(keepingCapacity: true)
        }
    }

    private func runDueTimers() {
        let current = MonotonicClock.now()
        while let timer = timers.popDue(now: current) {
            if !timer.isCancelled { timer.callback() }
        }
    }

    private func flushConnections() {
        // Flushing can queue more (a close handler writing elsewhere): loop until quiet.
        while !connectionsToFlush.isEmpty {
            swap(&connectionsToFlush, &flushBatch)
            for connection in flushBatch { connection.flushScheduledOutput() }
            flushBatch.removeAll(keepingCapacity: true)
        }
    }
}
