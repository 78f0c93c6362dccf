import BesterClient
import BesterTestSupport
import Foundation
import Testing

/// `besterd` itself, run as a child process as an operator runs it.
@Suite struct BesterdTests {
    /// A configuration in `directory`: loopback on a free port, nothing kept,
    /// no chat front-ends, open registration, and a handler `hold` whose
    /// program accepts connections and never answers.
    static func configuration(in directory: ScratchDirectory, maxConnections: Int = 1000) throws -> String {
        _ = try directory.script("hold.py", """
            #!/usr/bin/env python3
            import os, socket
            path = os.environ["BESTER_SOCKET_PATH"]
            if os.path.exists(path):
                os.unlink(path)
            listener = socket.socket(socket.AF_UNIX)
            listener.bind(path)
            listener.listen()
            held = []
            while True:
                held.append(listener.accept()[0])
            """)
        let file = directory.file("besterd.json")
        try """
            {"network": {"types": ["tcp4"], "tcp4": {"address": "127.0.0.1", "port": 0}},
             "storage": {"directory": ":memory:"},
             "accounts": {"registration": "open", "passwordHashCost": 1},
             "limits": {"maxConnections": \(maxConnections), "shutdownGraceSeconds": 30},
             "chatmaster": {"enabled": false}, "msgpackChat": {"enabled": false},
             "handlers": {"availableTypes": ["hold"],
                          "typeMap": {"hold": {"handlerBinary": "hold.py", "unixDomainSocketPath": "hold.sock"}}}}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// The Bester port besterd logged it listens on.
    static func port(of besterd: CLIProcess) async throws -> UInt16 {
        try await besterd.waitForOutput("besterd to listen") { $0.standardError.contains("info server.started") }
        let line = besterd.standardError.split(separator: "\n").first { $0.contains("listener.open") && $0.contains("protocol=bester") }
        let address = line?.split(separator: " ").first { $0.hasPrefix("address=") }
        return try #require(address.flatMap { UInt16($0.split(separator: ":").last ?? "") })
    }

    @Test func aSecondSignalEndsAShutdownAtOnceAndSaysSo() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let besterd = try CLIProcess(executable: try CLIProcess.built("besterd"), ["--config", try Self.configuration(in: directory)])
        let port = try await Self.port(of: besterd)
        let alice = try await BesterClient.register(at: .tcp(host: "127.0.0.1", port: port),
                                                    as: Credentials(username: "alice", password: "password1"))
        try alice.send("hold", data: 1)
        // Frames are handled in order: once the ping is answered, the held request is in flight.
        _ = try await alice.ping()
        besterd.sendSignal(SIGTERM)
        // The shutdown has begun once alice is told; it would wait 30 s for the held request.
        try await withTimeout(10, "the shutdown notice") {
            for await event in alice.events {
                if case .notice = event { return }
            }
        }
        besterd.sendSignal(SIGINT)
        let finished = try await besterd.finish()
        #expect(finished.status == 1)
        #expect(finished.standardError.hasSuffix(" error server.forced_exit signal=SIGINT status=1\n"), "\(finished.standardError)")
        await alice.close()
    }

    @Test func tooFewOpenFilesForMaxConnectionsIsAWarningNamingBoth() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        // The shell lowers the limit (soft and hard), then becomes besterd.
        let besterd = try CLIProcess(executable: "/bin/sh", ["-c", "ulimit -n 200 && exec \"$0\" \"$@\"", try CLIProcess.built("besterd"),
                                                             "--config", try Self.configuration(in: directory, maxConnections: 5000)])
        _ = try await Self.port(of: besterd)
        #expect(besterd.standardError.contains(
            " warning limits.open_files allowed=200 max_connections=5000 hint=\"raise ulimit -n or lower limits.maxConnections\"\n"),
            "\(besterd.standardError)")
        besterd.sendSignal(SIGTERM)
        let finished = try await besterd.finish()
        #expect(finished.status == 0)
        #expect(finished.standardError.contains("info server.stopped"))
    }
}
