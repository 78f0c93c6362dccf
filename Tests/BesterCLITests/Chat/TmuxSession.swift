import BesterTestSupport
import Foundation

/// A private tmux server (its own socket, no configuration file) whose
/// windows each run a shell: type with `send-keys`, read with
/// `capture-pane`. Windows are 100 by 26.
final class TmuxSession: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let directory: ScratchDirectory
    private var socket: String { directory.file("tmux.socket") }

    /// Where tmux is, if it is installed.
    static let executable: String? = ["/usr/bin/tmux", "/bin/tmux", "/usr/local/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Starts the server with a first window named `window`.
    init(firstWindow window: String) throws {
        directory = try ScratchDirectory()
        try run(["-f", "/dev/null", "new-session", "-d", "-s", "chat", "-n", window, "-x", "100", "-y", "26", "/bin/sh"])
        try run(["set-option", "-g", "default-size", "100x26"])
    }

    /// Opens a window running a shell.
    func newWindow(_ window: String) throws {
        try run(["new-window", "-d", "-t", "chat", "-n", window, "/bin/sh"])
    }

    /// Types `text` as is, then Enter.
    func typeLine(_ text: String, in window: String) throws {
        try run(["send-keys", "-t", "chat:\(window)", "-l", text])
        try press("Enter", in: window)
    }

    /// Presses a key by its tmux name (`Enter`, `C-c`, `PageUp`).
    func press(_ key: String, in window: String) throws {
        try run(["send-keys", "-t", "chat:\(window)", key])
    }

    /// Resizes a window.
    func resize(_ window: String, columns: Int, rows: Int) throws {
        try run(["resize-window", "-t", "chat:\(window)", "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// The window's screen as plain text, one line per row; with
    /// `joiningWrappedLines`, a line the terminal wrapped is one line again.
    func capture(_ window: String, joiningWrappedLines: Bool = false) throws -> String {
        try run(["capture-pane", "-p"] + (joiningWrappedLines ? ["-J"] : []) + ["-t", "chat:\(window)"])
    }

    /// Reads the screen until `text` is on it (every 50 ms, up to `seconds`);
    /// returns that screen, wrapped lines joined.
    @discardableResult
    func waitFor(_ text: String, in window: String, seconds: Double = 15) async throws -> String {
        try await waitUntil("'\(text)'", in: window, seconds: seconds) { $0.contains(text) }
    }

    /// Reads the screen until `holds` is true of it; returns that screen.
    @discardableResult
    func waitUntil(_ what: String, in window: String, seconds: Double = 15,
                   _ holds: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while true {
            let screen = try capture(window, joiningWrappedLines: true)
            if holds(screen) { return screen }
            guard ContinuousClock.now < deadline else {
                throw Failure(description: "\(what) did not appear in window \(window) within \(seconds) s; the screen:\n\(screen)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Waits until the window shows its shell waiting for a command: the
    /// last line written holds only prompts. (Several when a line was typed
    /// ahead, before the shell had printed the prompt it was meant for:
    /// that prompt then comes later, on the line of the next.)
    func waitForPrompt(in window: String) async throws {
        try await waitUntil("the shell's prompt", in: window) { screen in
            guard let last = screen.split(separator: "\n").last(where: { !$0.allSatisfy(\.isWhitespace) }) else { return false }
            return last.split(separator: " ").allSatisfy { $0 == "$" || $0 == "#" }
        }
    }

    /// The processes the window's shell started (the program it runs).
    func programs(in window: String) throws -> [pid_t] {
        let shell = try run(["display-message", "-p", "-t", "chat:\(window)", "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        return children.split(separator: " ").compactMap { pid_t($0) }
    }

    /// Stops the server and every program in its windows.
    func stop() {
        _ = try? run(["kill-server"])
        directory.remove()
    }

    /// Runs tmux and returns what it printed.
    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        guard let executable = Self.executable else { throw Failure(description: "tmux is not installed") }
        // The shells in the windows inherit this, not the test's environment.
        let environment = ["PATH=/usr/bin:/bin", "HOME=\(directory.path)", "LANG=C.UTF-8", "TERM=xterm-256color", "PS1=$ ", "ENV="]
        let nothing = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard nothing >= 0 else { throw Failure(description: "/dev/null: \(String(cString: strerror(errno)))") }
        defer { close(nothing) }
        let printed = try SpawnedProgram.makePipe()
        defer { close(printed.read) }
        let spawned = Result {
            try SpawnedProgram.spawn(executable, ["-S", socket] + arguments, environment: environment,
                                     standardInput: nothing, standardOutput: printed.write, standardError: printed.write)
        }
        // Only tmux's copies of the write end remain: the read below ends when tmux does.
        close(printed.write)
        let pid = try spawned.get()
        var output: [UInt8] = []
        SpawnedProgram.readToEnd(printed.read) { output += $0 }
        let status = SpawnedProgram.waitForExit(pid)
        let text = String(decoding: output, as: UTF8.self)
        guard status == 0 else {
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed: \(text)")
        }
        return text
    }
}
