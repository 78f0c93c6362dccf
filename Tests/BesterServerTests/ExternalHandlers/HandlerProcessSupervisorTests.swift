import BesterIO
import Glibc
import Testing
@testable import BesterServer

@Suite struct HandlerProcessSupervisorTests {
    @Test func exitStatusesAreDescribedForLogs() {
        #expect(ChildExitStatus(waitStatus: 3 << 8).description == "exit status 3")
        #expect(ChildExitStatus(waitStatus: 0).description == "exit status 0")
        #expect(ChildExitStatus(waitStatus: SIGKILL) == .signalled(SIGKILL))
        #expect(ChildExitStatus(waitStatus: SIGKILL).description.hasPrefix("killed by signal 9 "))
    }

    @Test func aProgramThatIgnoresSIGTERMIsKilledAfterTheGracePeriod() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let program = try directory.script("stubborn.py", """
            #!/usr/bin/env python3
            import os, signal, socket, threading
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.bind(os.environ["BESTER_SOCKET_PATH"])
            server.listen(1)
            threading.Event().wait()
            """)
        let configuration = ExternalHandlerConfiguration(type: "stubborn", socketPath: directory.file("s.sock"), executable: program)
        let supervisor = try #require(HandlerProcessSupervisor(configuration: configuration, logger: .silent))
        supervisor.start()
        #expect(await supervisor.waitForFirstStart(within: .seconds(10)), "\(supervisor.status)")
        let pid = try #require(supervisor.status["pid"]?.intValue)
        await supervisor.stop(grace: .milliseconds(200))
        #expect(!processExists(Int32(pid)))
        #expect(supervisor.status["state"] == "stopped")
        #expect(supervisor.status["lastExit"] == "killed by signal 9 (Killed)")
    }

    @Test func aProgramThatNeverListensIsReportedWithItsPidAndSocket() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let program = try directory.script("mute.sh", "#!/bin/sh\nexec sleep 60\n")
        let socket = directory.file("mute.sock")
        let supervisor = try #require(HandlerProcessSupervisor(
            configuration: ExternalHandlerConfiguration(type: "mute", socketPath: socket, executable: program), logger: .silent))
        supervisor.start()
        try await waitUntil("the program runs") { supervisor.status["pid"]?.intValue != nil }
        let pid = try #require(supervisor.status["pid"]?.intValue)
        #expect(supervisor.unavailability == "its process is starting (pid \(pid), not yet listening on \(socket))")
        await supervisor.stop(grace: .milliseconds(200))
        #expect(!processExists(Int32(pid)))
    }

    @Test func aProgramFileOpenForWritingCannotStartAndSaysWhy() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let program = try directory.script("busy.sh", "#!/bin/sh\nexit 0\n")
        let writer = open(program, O_WRONLY | O_CLOEXEC)
        try #require(writer >= 0)
        let refused = ChildProcess.spawn(executable: program, arguments: [], environment: [:], workingDirectory: nil)
        close(writer)
        guard case .failure(let error) = refused else {
            Issue.record("started a program open for writing")
            return
        }
        #expect(error.code == ETXTBSY)
        #expect(error.reason == "Text file busy")
        guard case .success(let pid) = ChildProcess.spawn(executable: program, arguments: [], environment: [:], workingDirectory: nil) else {
            Issue.record("did not start once the file was closed")
            return
        }
        ChildProcess.waitUntilEnded(pid)
        #expect(ChildProcess.reap(pid) == ChildExitStatus(waitStatus: 0))
    }

    @Test func aSupervisorThatWasNeverStartedStopsAtOnce() async throws {
        let configuration = ExternalHandlerConfiguration(type: "idle", socketPath: "/nonexistent/idle.sock", executable: "/bin/true")
        let supervisor = try #require(HandlerProcessSupervisor(configuration: configuration, logger: .silent))
        await supervisor.stop(grace: .seconds(5))
        #expect(supervisor.status["state"] == "stopped")
        #expect(supervisor.readyGeneration == nil)
        #expect(await !supervisor.waitForFirstStart(within: .seconds(5)))
    }

    @Test func aHandlerStartedElsewhereHasNoSupervisor() {
        #expect(HandlerProcessSupervisor(configuration: ExternalHandlerConfiguration(type: "x", socketPath: "/tmp/x.sock"),
                                         logger: .silent) == nil)
    }
}
