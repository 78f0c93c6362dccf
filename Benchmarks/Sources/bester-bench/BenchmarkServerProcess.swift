import Foundation

/// A server under test, run as a child process (this executable with the
/// `serve` scenario) pinned to its own CPU with `taskset`, so server and load
/// generator never share a core.
final class BenchmarkServerProcess {
    /// The CPU every server under test is pinned to, Redis baselines
    /// included; the load generator runs on the other.
    static let cpu = 0

    let process = Process()
    let port: UInt16

    /// Starts `bester-bench serve <arguments>` on ``cpu`` and waits for it to print its port.
    init(arguments: [String]) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        process.arguments = ["-c", "\(Self.cpu)", CommandLine.arguments[0], "serve"] + arguments
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw BenchmarkFailure.failed("the server process exited before it was ready") }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let port = text.split(separator: " ").last.flatMap({ UInt16($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            throw BenchmarkFailure.failed("unexpected first line from the server: \(text)")
        }
        self.port = port
    }

    /// Resident memory of the server, in bytes.
    var residentBytes: Int { ResidentMemory.bytes(of: process.processIdentifier) }

    func stop() {
        process.interrupt()
        process.waitUntilExit()
    }
}


/// Resident memory of a process, from /proc.
enum ResidentMemory {
    static func bytes(of pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1024
    }
}
