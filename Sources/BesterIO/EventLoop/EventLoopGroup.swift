import CBesterSystem
import Glibc
import Synchronization

/// A fixed set of event loops, each on its own thread. Connections are spread
/// over them round-robin; there is never a thread per connection.
public final class EventLoopGroup: Sendable {
    /// The loops, in index order.
    public let loops: [EventLoop]
    private let threads: Mutex<[pthread_t]>
    private let nextIndex = Atomic<Int>(0)

    /// One loop per CPU this process may use (so `taskset -c 0` gives one).
    public static var defaultLoopCount: Int { Int(cbester_available_cpus()) }

    /// Starts `loopCount` loops.
    public init(loopCount: Int = EventLoopGroup.defaultLoopCount) throws(IOError) {
        var loops: [EventLoop] = []
        for index in 0..<max(1, loopCount) { loops.append(try EventLoop(index: index)) }
        self.loops = loops
        var threads: [pthread_t] = []
        for loop in loops {
            threads.append(try Self.startThread {
                cbester_set_thread_name("bester-loop-\(loop.index)")
                loop.run()
            })
        }
        self.threads = Mutex(threads)
    }

    /// The next loop in round-robin order.
    public func next() -> EventLoop {
        loops[nextIndex.wrappingAdd(1, ordering: .relaxed).oldValue % loops.count]
    }

    /// Stops every loop and waits for their threads to finish. Connections
    /// still open are abandoned: close them first.
    public func shutdown() {
        for loop in loops { loop.stop() }
        let joined = threads.withLock { threads -> [pthread_t] in
            let all = threads
            threads.removeAll()
            return all
        }
        for thread in joined where thread != pthread_self() { pthread_join(thread, nil) }
    }

    private final class ThreadBody {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    private static func startThread(_ body: @escaping () -> Void) throws(IOError) -> pthread_t {
        let box = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { argument in
            guard let argument else { return nil }
            let body = Unmanaged<ThreadBody>.fromOpaque(argument).takeRetainedValue()
            body.run()
            return nil
        }, box)
        guard status == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(box).release()
            throw IOError("pthread_create", code: status)
        }
        return thread
    }
}

extension EventLoopGroup {
    private static let sharedGroup = Mutex<EventLoopGroup?>(nil)

    /// A process-wide group of one loop, started on first use, for clients
    /// that do not manage their own.
    public static func shared() throws(IOError) -> EventLoopGroup {
        try sharedGroup.withLock { (group: inout EventLoopGroup?) throws(IOError) -> EventLoopGroup in
            if let group { return group }
            let created = try EventLoopGroup(loopCount: 1)
            group = created
            return created
        }
    }
}
