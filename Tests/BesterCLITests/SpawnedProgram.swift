import Foundation
import Glibc

/// Starting the programs these tests drive (`bester-cli`, `tmux`) with
/// `posix_spawn`, not Foundation's `Process`: on this toolchain its `run()`
/// over-reads `/proc/self/fd` entries and its pipes' `readabilityHandler`
/// races libdispatch when torn down, and each now and then crashed the whole
/// test process (swift-corelibs-foundation #5472 and #5507).
enum SpawnedProgram {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts `executable` with the three descriptors as its standard input,
    /// output and error. Nothing else of this process's reaches the program
    /// (a server it starts lives on, and must not hold the test's sockets or
    /// pipes), and it starts with no signal blocked: threads of the test
    /// process may block some, and a spawned program inherits the mask.
    static func spawn(_ executable: String, _ arguments: [String], environment: [String],
                      standardInput: Int32, standardOutput: Int32, standardError: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, standardInput, 0)
        posix_spawn_file_actions_adddup2(&actions, standardOutput, 1)
        posix_spawn_file_actions_adddup2(&actions, standardError, 2)
        // closefrom is hidden from Swift's Glibc module, so each descriptor
        // that may be open is closed; closing one that is not is no error.
        // Those opened meanwhile by other threads take the lowest free
        // numbers, below the margin.
        let highest = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) }.max() ?? 1024
        for descriptor in 3...(highest + 64) {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw Failure(description: "cannot run \(executable): \(String(cString: strerror(spawned)))")
        }
        return pid
    }

    /// A pipe whose ends close on exec, so that only the copies handed to
    /// one program outlive a spawn: a reader sees the end of the output when
    /// that program ends, not when every program started meanwhile has.
    static func makePipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw Failure(description: "pipe: \(String(cString: strerror(errno)))")
        }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }

    /// Reads `descriptor` to its end, handing each chunk to `received`.
    static func readToEnd(_ descriptor: Int32, _ received: ([UInt8]) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                received(Array(buffer[..<count]))
            } else if count == 0 || errno != EINTR {
                return
            }
        }
    }

    /// Waits for `pid` to end and reaps it. Returns its exit status, or
    /// 128 + the number of the signal that ended it, as a shell reports it;
    /// -1 if it cannot be waited for.
    static func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        // WIFEXITED and WEXITSTATUS are macros Swift cannot see.
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
