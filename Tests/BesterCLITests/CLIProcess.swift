import Foundation
import Synchronization

/// The built `bester-cli`, run as a child process with its output captured.
final class CLIProcess: Sendable {
    struct Finished: Sendable {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    private let process: Process
    private let input: Pipe
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

    /// What the process wrote, gathered from the pipes' handlers.
    final class CapturedOutput: Sendable {
        let bytes = Mutex<(standardOutput: [UInt8], standardError: [UInt8])>(([], []))
    }

    struct CLIMissing: Error, CustomStringConvertible {
        let path: String
        var description: String { "bester-cli is not built at \(path); run swift build first" }
    }

    /// Starts `bester-cli arguments...` with `environment` added to a clean one.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = try Self.executable
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        input = Pipe()
        let standardOutput = Pipe()
        let standardError = Pipe()
        process.standardInput = input
        process.standardOutput = standardOutput
        process.standardError = standardError
        (changes, changed) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        (exited, exitStatus) = AsyncStream<Int32>.makeStream()
        standardOutput.fileHandleForReading.readabilityHandler = { [output, changed] handle in
            let data = handle.availableData
            output.bytes.withLock { $0.standardOutput += data }
            changed.yield()
        }
        standardError.fileHandleForReading.readabilityHandler = { [output, changed] handle in
            let data = handle.availableData
            output.bytes.withLock { $0.standardError += data }
            changed.yield()
        }
        process.terminationHandler = { [exitStatus] process in
            exitStatus.yield(process.terminationStatus)
            exitStatus.finish()
        }
        try process.run()
    }

    /// Writes to the process's standard input, then closes it.
    func finishInput(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
        try? input.fileHandleForWriting.close()
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

    /// Waits for the process to end (closing its input first) and returns what it wrote.
    func finish() async throws -> Finished {
        try? input.fileHandleForWriting.close()
        let exited = self.exited
        let status = try await withTimeout(10, "bester-cli to exit") { () -> Int32 in
            var iterator = exited.makeAsyncIterator()
            return await iterator.next() ?? -1
        }
        // The pipes may still hold the last bytes; drain them.
        for pipe in [process.standardOutput, process.standardError].compactMap({ $0 as? Pipe }) {
            pipe.fileHandleForReading.readabilityHandler = nil
        }
        if let rest = (process.standardOutput as? Pipe)?.fileHandleForReading.readDataToEndOfFile() {
            output.bytes.withLock { $0.standardOutput += rest }
        }
        if let rest = (process.standardError as? Pipe)?.fileHandleForReading.readDataToEndOfFile() {
            output.bytes.withLock { $0.standardError += rest }
        }
        return Finished(status: status, standardOutput: standardOutput, standardError: standardError)
    }

    /// Stops the process (SIGTERM).
    func terminate() { process.terminate() }

    /// Runs `bester-cli` to the end with `input` on standard input.
    static func run(_ arguments: [String], input: String = "", environment: [String: String] = [:]) async throws -> Finished {
        let process = try CLIProcess(arguments, environment: environment)
        process.finishInput(input)
        return try await process.finish()
    }
}
