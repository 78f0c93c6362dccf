import BesterClient
import BesterCommandLine
import Glibc
import Synchronization

/// The terminal the chat screen is drawn on: `/dev/tty`, so that standard
/// input may be a pipe (`--password-stdin`). Full-screen mode is raw input
/// (keys arrive one by one, unechoed, Ctrl-C as a key) on the alternate
/// screen; ``restore()`` puts back the settings and the screen found, and
/// may be called from any thread, any number of times.
final class Terminal: Sendable {
    /// Keys are read from here (non-blocking).
    let inputDescriptor: Int32
    /// The screen is drawn here (blocking, so no frame is cut short).
    private let outputDescriptor: Int32
    private let state = Mutex<State>(State())

    private struct State {
        /// The settings found, while full-screen.
        var saved: termios?
    }

    private init(input: Int32, output: Int32) {
        inputDescriptor = input
        outputDescriptor = output
    }

    /// Opens the controlling terminal.
    static func open() throws(CommandLineError) -> Terminal {
        let output = Glibc.open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        guard output >= 0 else {
            throw .failure("bester-cli chat needs a terminal (none is attached); use send and listen in scripts")
        }
        let input = Glibc.open("/dev/tty", O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard input >= 0 else {
            Glibc.close(output)
            throw .failure("cannot read the terminal: \(String(cString: strerror(errno)))")
        }
        return Terminal(input: input, output: output)
    }

    /// Rows and columns; 24 by 80 if the terminal does not say.
    var size: (rows: Int, columns: Int) {
        var window = winsize()
        guard ioctl(outputDescriptor, UInt(TIOCGWINSZ), &window) == 0, window.ws_row > 0, window.ws_col > 0 else {
            return (24, 80)
        }
        return (Int(window.ws_row), Int(window.ws_col))
    }

    /// Raw input and the alternate screen.
    func enterFullScreen() throws(CommandLineError) {
        var found = termios()
        guard tcgetattr(outputDescriptor, &found) == 0 else {
            throw .failure("cannot read the terminal's settings: \(String(cString: strerror(errno)))")
        }
        try state.withLock { state throws(CommandLineError) in
            guard state.saved == nil else { return }
            var raw = found
            raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
            raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
            raw.c_cflag |= tcflag_t(CS8)
            withUnsafeMutableBytes(of: &raw.c_cc) { characters in
                characters[Int(VMIN)] = 1
                characters[Int(VTIME)] = 0
            }
            guard tcsetattr(outputDescriptor, TCSADRAIN, &raw) == 0 else {
                throw .failure("cannot put the terminal in raw mode: \(String(cString: strerror(errno)))")
            }
            state.saved = found
            writeAll("\u{1B}[?1049h\u{1B}[H\u{1B}[2J")
        }
    }

    /// Puts back the settings and the screen found; does nothing if not full-screen.
    func restore() {
        state.withLock { state in
            guard var saved = state.saved else { return }
            state.saved = nil
            writeAll("\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l")
            tcsetattr(outputDescriptor, TCSADRAIN, &saved)
        }
    }

    /// Ctrl-Z: gives the shell its terminal back and stops the process
    /// group, as the terminal itself would; call ``enterFullScreen()`` once
    /// continued (SIGCONT). The signal goes to the process, not this thread,
    /// which may block it.
    func suspend() {
        restore()
        kill(0, SIGTSTP)
    }

    /// Writes `text` while full-screen; dropped once restored, so a frame
    /// drawn late cannot land on the shell's screen.
    func draw(_ text: String) {
        state.withLock { state in
            guard state.saved != nil else { return }
            writeAll(text)
        }
    }

    private func writeAll(_ text: String) {
        FileDescriptorOutput.write(text, to: outputDescriptor)
    }
}
