import Foundation
import Synchronization

/// A command-line program (the built `bester-cli` or `besterd`, or any
/// other), run as a child process with its output captured.
final class CLIProcess: Sendable {
    struct Finished: Sendable {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    private let pid: pid_t
    /// The program's file name, for failures.
    private let name: String
    /// The write end of the program's standard input; -1 once closed.
    private let input: Mutex<Int32>
    private let output = CapturedOutput()
    private let changes: AsyncStream<Void>
    private let changed: AsyncStream<Void>.Continuation
    private let exited: AsyncStream<Int32>
    private let exitStatus: AsyncStream<Int32>.Continuation

    /// The package's built executable `product` (`bester-cli`, `besterd`):
    /// it sits beside the test bundle in the build directory.
    static func built(_ product: String) throws -> String {
        let bundle = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        let candidate = bundle.deletingLastPathComponent().appendingPathComponent(product).path
        guard FileManager.default.isExecutableFile(atPath: candidate) else { throw NotBuilt(product: product, path: candidate) }
        return candidate
    }

    /// What the process wrote, gathered by one reading thread per pipe.
    final class CapturedOutput: Sendable {
        let bytes = Mutex<(standardOutput: [UInt8], standardError: [UInt8])>(([], []))
        /// Pipes not yet read to their end (the last reader to finish reaps
        /// the process), and whether it has been reaped (its pid may then be
        /// another process's).
        let reaping = Mutex((openPipes: 2, reaped: false))
    }

    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    struct NotBuilt: Error, CustomStringConvertible {
        let product: String
        let path: String
        var description: String { "\(product) is not built at \(path); run swift build first" }
    }

    /// Writing input to a program that has already exited must fail with
    /// EPIPE, not end the test process.
    private static let brokenPipesIgnored: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Starts `bester-cli arguments...` with `environment` added to a clean one.
    convenience init(_ arguments: [String], environment: [String: String] = [:]) throws {
        try self.init(executable: try Self.built("bester-cli"), arguments, environment: environment)
    }

    /// Starts `executable arguments...` with `environment` added to a clean one.
    init(executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        _ = Self.brokenPipesIgnored
        name = URL(fileURLWithPath: executable).lastPathComponent
        let variables = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        let started = try Self.start(executable, arguments, environment: variables)
        pid = started.pid
        input = Mutex(started.input)
        let (standardOutput, standardError) = (started.output, started.error)
        (changes, changed) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        (exited, exitStatus) = AsyncStream<Int32>.makeStream()
        for (descriptor, isError) in [(standardOutput, false), (standardError, true)] {
            Thread.detachNewThread { [pid, output, changed, exitStatus] in
                SpawnedProgram.readToEnd(descriptor) { chunk in
                    output.bytes.withLock { if isError { $0.standardError += chunk } else { $0.standardOutput += chunk } }
                    changed.yield()
                }
                close(descriptor)
                guard output.reaping.withLock({ $0.openPipes -= 1; return $0.openPipes == 0 }) else { return }
                let status = SpawnedProgram.waitForExit(pid)
                output.reaping.withLock { $0.reaped = true }
                exitStatus.yield(status)
                exitStatus.finish()
            }
        }
    }

    /// Spawns the program with three new pipes; returns its pid and the ends
    /// this process keeps (the others, now the child's, are closed here).
    private static func start(_ executable: String, _ arguments: [String], environment: [String]) throws
        -> (pid: pid_t, input: Int32, output: Int32, error: Int32)
    {
        var ends: [Int32] = []
        do {
            var pipes: [(read: Int32, write: Int32)] = []
            for _ in 0..<3 {
                let pipe = try SpawnedProgram.makePipe()
                ends += [pipe.read, pipe.write]
                pipes.append(pipe)
            }
            let pid = try SpawnedProgram.spawn(executable, arguments, environment: environment, standardInput: pipes[0].read,
                                               standardOutput: pipes[1].write, standardError: pipes[2].write)
            for end in [pipes[0].read, pipes[1].write, pipes[2].write] { close(end) }
            return (pid, pipes[0].write, pipes[1].read, pipes[2].read)
        } catch {
            ends.forEach { close($0) }
            throw error
        }
    }

    /// A process the test gave up on is killed, not left running.
    deinit { killUnlessReaped() }

    private func killUnlessReaped() {
        sendSignal(SIGKILL)
        closeInput()
    }

    /// Sends the process `number`, unless it has been reaped.
    func sendSignal(_ number: Int32) {
        output.reaping.withLock { state in
            if !state.reaped { kill(pid, number) }
        }
    }

    /// Writes to the process's standard input, then closes it.
    func finishInput(_ text: String) {
        // Taken out of the lock before the write, which may block.
        let descriptor = input.withLock { descriptor in
            defer { descriptor = -1 }
            return descriptor
        }
        guard descriptor >= 0 else { return }
        var bytes = ArraySlice(text.utf8)
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written > 0 { bytes = bytes.dropFirst(written) } else if errno != EINTR { break }
        }
        close(descriptor)
    }

    private func closeInput() {
        input.withLock { descriptor in
            if descriptor >= 0 { close(descriptor) }
            descriptor = -1
        }
    }

    var standardOutput: String { output.bytes.withLock { String(decoding: $0.standardOutput, as: UTF8.self) } }
    var standardError: String { output.bytes.withLock { String(decoding: $0.standardError, as: UTF8.self) } }

    /// Waits until `condition` holds for what has been written so far.
    func waitForOutput(_ what: String, _ condition: @escaping @Sendable (CLIProcess) -> Bool) async throws {
        let changes = self.changes
        try await withTimeout(10, what) { [self] in
            var iterator = changes.makeAsyncIterator()
            while !condition(self) {
                guard await iterator.next() != nil else { return }
            }
        }
    }

    /// Waits for the process to end (closing its input first) and returns
    /// what it wrote: all of it, since the process is reaped only once both
    /// pipes have been read to their end.
    func finish() async throws -> Finished {
        closeInput()
        let exited = self.exited
        let status: Int32
        do {
            status = try await withTimeout(10, "\(name) to exit") { () -> Int32 in
                var iterator = exited.makeAsyncIterator()
                return await iterator.next() ?? -1
            }
        } catch {
            killUnlessReaped()
            throw Failed(description: "\(error); it wrote to standard error:\n\(standardError)")
        }
        return Finished(status: status, standardOutput: standardOutput, standardError: standardError)
    }

    /// Runs `bester-cli` to the end with `input` on standard input.
    static func run(_ arguments: [String], input: String = "", environment: [String: String] = [:]) async throws -> Finished {
        let process = try CLIProcess(arguments, environment: environment)
        process.finishInput(input)
        return try await process.finish()
    }
}
