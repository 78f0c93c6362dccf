import Foundation
import Synchronization

/// The built `bester-cli`, run as a child process with its output captured.
final class CLIProcess: Sendable {
    struct Finished: Sendable {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    private let pid: pid_t
    /// The write end of the program's standard input; -1 once closed.
    private let input: Mutex<Int32>
    private let output = CapturedOutput()
    private let changes: AsyncStream<Void>
    private let changed: AsyncStream<Void>.Continuation
    private let exited: AsyncStream<Int32>
    private let exitStatus: AsyncStream<Int32>.Continuation

    /// The binary sits beside the test bundle in the build directory.
    static var executable: URL {
        get throws {
            let bundle = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            let candidate = bundle.deletingLastPathComponent().appendingPathComponent("bester-cli")
            guard FileManager.default.isExecutableFile(atPath: candidate.path) else {
                throw CLIMissing(path: candidate.path)
            }
            return candidate
        }
    }

    /// What the process wrote, gathered by one reading thread per pipe.
    final class CapturedOutput: Sendable {
        let bytes = Mutex<(standardOutput: [UInt8], standardError: [UInt8])>(([], []))
        /// Pipes not yet read to their end: the last reader to finish reaps the process.
        let openPipes = Mutex(2)
    }

    struct CLIMissing: Error, CustomStringConvertible {
        let path: String
        var description: String { "bester-cli is not built at \(path); run swift build first" }
    }

    /// Writing input to a program that has already exited must fail with
    /// EPIPE, not end the test process.
    private static let brokenPipesIgnored: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Starts `bester-cli arguments...` with `environment` added to a clean one.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        _ = Self.brokenPipesIgnored
        let executable = try Self.executable.path
        let variables = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        let standardInput = try SpawnedProgram.makePipe()
        let standardOutput = try SpawnedProgram.makePipe()
        let standardError = try SpawnedProgram.makePipe()
        let childEnds = [standardInput.read, standardOutput.write, standardError.write]
        defer { childEnds.forEach { close($0) } }
        do {
            pid = try SpawnedProgram.spawn(executable, arguments, environment: variables, standardInput: standardInput.read,
                                           standardOutput: standardOutput.write, standardError: standardError.write)
        } catch {
            [standardInput.write, standardOutput.read, standardError.read].forEach { close($0) }
            throw error
        }
        input = Mutex(standardInput.write)
        (changes, changed) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        (exited, exitStatus) = AsyncStream<Int32>.makeStream()
        for (descriptor, isError) in [(standardOutput.read, false), (standardError.read, true)] {
            Thread.detachNewThread { [pid, output, changed, exitStatus] in
                SpawnedProgram.readToEnd(descriptor) { chunk in
                    output.bytes.withLock { if isError { $0.standardError += chunk } else { $0.standardOutput += chunk } }
                    changed.yield()
                }
                close(descriptor)
                guard output.openPipes.withLock({ $0 -= 1; return $0 == 0 }) else { return }
                exitStatus.yield(SpawnedProgram.waitForExit(pid))
                exitStatus.finish()
            }
        }
    }

    /// Writes to the process's standard input, then closes it.
    func finishInput(_ text: String) {
        input.withLock { descriptor in
            guard descriptor >= 0 else { return }
            var bytes = ArraySlice(text.utf8)
            while !bytes.isEmpty {
                let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                if written > 0 { bytes = bytes.dropFirst(written) } else if errno != EINTR { break }
            }
        }
        closeInput()
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
        let status = try await withTimeout(10, "bester-cli to exit") { () -> Int32 in
            var iterator = exited.makeAsyncIterator()
            return await iterator.next() ?? -1
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
