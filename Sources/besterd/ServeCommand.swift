import BesterCommandLine
import BesterIO
import BesterServer
import Dispatch
import Glibc

/// `besterd [serve] [--config FILE] [--log-level LEVEL]`: runs until SIGTERM
/// or SIGINT, then shuts down gracefully; a second signal exits at once.
enum ServeCommand {
    static let interface = CommandInterface(
        name: "besterd serve",
        abstract: "Run the daemon.",
        discussion: """
            Without --config, runs on embedded defaults: Bester on 127.0.0.1:2223 and [::1]:2224,
            ChatMaster on 127.0.0.1:9000, MessagePack chat on 127.0.0.1:9001,
            data in ./besterd-data, built-in handlers on, registration open (loopback only).
            SIGTERM or SIGINT stops it gracefully; a second signal stops it at once.
            """,
        options: [
            .option("config", short: "c", value: "file", help: "JSON configuration file (reference-daemon keys accepted)."),
            .option("log-level", value: "level", help: "debug, info, warning or error (overrides logging.level).",
                    allowed: ["debug", "info", "warning", "error"]),
        ]
    )

    static func run(_ arguments: [String]) async throws {
        let parsed = try interface.parse(arguments)
        var configuration = try ConfigurationLoading.load(path: parsed.value("config"))
        let programErrors = configuration.handlerProgramIssues()
        if !programErrors.isEmpty {
            throw CommandLineError.failure("cannot start handlers:\n" + programErrors.map(\.description).joined(separator: "\n"))
        }
        if let level = parsed.value("log-level").flatMap(LogLevel.init(name:)) { configuration.logLevel = level }
        let openFiles = OpenFileLimit.raiseToMaximum()
        let logger = Logger(level: configuration.logLevel)
        // Watched from the start: a signal while the server starts (systemd
        // stopping it early, say) waits for the start, then stops it gracefully.
        let (stopRequests, stopRequested) = AsyncStream<Int32>.makeStream()
        let signals = SignalWatcher(signals: [SIGTERM, SIGINT]) { signal, count in
            if count > 1 {
                // At error level: the one line that says why the process ended.
                logger.error("server.forced_exit", ["signal": signal == SIGTERM ? "SIGTERM" : "SIGINT", "status": "1"])
                _exit(1)
            }
            stopRequested.yield(signal)
        }
        defer { signals.cancel() }
        let server: BesterServer
        do {
            server = try BesterServer(configuration: configuration, logger: logger)
            try await server.start()
        } catch {
            throw CommandLineError.failure("cannot start: \(error)")
        }
        if openFiles < configuration.limits.maxConnections + 64 {
            logger.warning("limits.open_files", ["allowed": "\(openFiles)", "max_connections": "\(configuration.limits.maxConnections)",
                                                 "hint": "raise ulimit -n or lower limits.maxConnections"])
        }
        for await _ in stopRequests { break }
        await server.shutdown()
    }
}

/// Delivers SIGTERM/SIGINT to a closure on a dispatch queue instead of killing
/// the process, counting how many have arrived.
final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]

    init(signals: [Int32], handler: @escaping @Sendable (Int32, Int) -> Void) {
        let queue = DispatchQueue(label: "besterd.signals")
        let counter = SignalCounter()
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(number, counter.increment()) }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}

/// Touched only on the signal queue.
private final class SignalCounter: @unchecked Sendable {
    private var count = 0
    func increment() -> Int {
        count += 1
        return count
    }
}
