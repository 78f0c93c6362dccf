import BesterIO
import CBesterSystem
import Glibc

/// Starting and reaping the programs besterd supervises (`cbester_spawn`:
/// fork and exec with a new process group, a parent-death signal, default
/// signal dispositions and standard input from /dev/null).
enum ChildProcess {
    /// Starts `executable` with `arguments`. Call it from a thread that
    /// outlives the child: the child gets SIGKILL when that thread ends.
    static func spawn(executable: String, arguments: [String], environment: [String: String],
                      workingDirectory: String?) -> Result<pid_t, IOError> {
        let argv = CStringArray([executable] + arguments)
        let envp = CStringArray(environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        defer {
            argv.free()
            envp.free()
        }
        var error: Int32 = 0
        for attempt in 1...busyAttempts {
            let pid = workingDirectory.withOptionalCString { directory in
                cbester_spawn(executable, argv.pointers, envp.pointers, directory, SIGKILL, &error)
            }
            if pid > 0 { return .success(pid) }
            // A program still open for writing somewhere cannot be executed: one being
            // replaced, or one just written whose descriptor a process forked at that moment
            // (by another thread) holds until it execs. That passes in moments.
            guard error == ETXTBSY, attempt < busyAttempts else { break }
            usleep(10_000)
        }
        return .failure(IOError("start \(executable)", code: error))
    }

    /// Tries for a program file that is busy (`ETXTBSY`), 10 ms apart.
    static let busyAttempts = 20

    /// Waits until `pid` ends, without reaping it: the caller reaps it with
    /// ``reap(_:)`` when it is safe to forget the pid.
    static func waitUntilEnded(_ pid: pid_t) {
        _ = cbester_child_ended(pid, 1)
    }

    /// True once `pid` has ended (not yet reaped).
    static func hasEnded(_ pid: pid_t) -> Bool {
        cbester_child_ended(pid, 0) != 0
    }

    /// Reaps an ended child and returns how it ended.
    static func reap(_ pid: pid_t) -> ChildExitStatus {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return ChildExitStatus(waitStatus: status)
    }

    /// Sends `signal` to the child's process group and to the child itself
    /// (in case it left the group).
    static func signal(_ pid: pid_t, _ signal: Int32) {
        kill(-pid, signal)
        kill(pid, signal)
    }
}

/// How a child process ended.
enum ChildExitStatus: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    /// Decodes a `waitpid` status.
    init(waitStatus: Int32) {
        let signal = waitStatus & 0x7F
        self = signal == 0 ? .exited((waitStatus >> 8) & 0xFF) : .signalled(signal)
    }

    var description: String {
        switch self {
        case .exited(let code): return "exit status \(code)"
        case .signalled(let signal): return "killed by signal \(signal) (\(String(cString: strsignal(signal))))"
        }
    }
}

/// A NULL-terminated array of C strings that lives until ``free()``.
private struct CStringArray {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

    init(_ strings: [String]) {
        pointers = .allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { pointers[index] = strdup(string) }
        pointers[strings.count] = nil
    }

    func free() {
        var index = 0
        while let string = pointers[index] {
            Glibc.free(string)
            index += 1
        }
        pointers.deallocate()
    }
}

extension Optional where Wrapped == String {
    fileprivate func withOptionalCString<R>(_ body: (UnsafePointer<CChar>?) -> R) -> R {
        switch self {
        case .some(let string): return string.withCString { body($0) }
        case .none: return body(nil)
        }
    }
}
