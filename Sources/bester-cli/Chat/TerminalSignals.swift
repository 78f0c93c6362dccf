import Dispatch
import Glibc

/// The signals a full-screen program must answer: a resized window
/// (SIGWINCH) is redrawn; being continued (SIGCONT) redraws too; being told
/// to stop (SIGINT, SIGTERM, SIGHUP, SIGQUIT from outside: Ctrl-C itself
/// arrives as a key) restores the terminal before exiting with 128 + the
/// signal's number.
final class TerminalSignals {
    private let sources: [any DispatchSourceSignal]

    /// Starts watching; `redraw` runs on a private queue.
    init(terminal: Terminal, redraw: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "bester-cli.chat.signals")
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGWINCH, SIGCONT] {
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler(handler: redraw)
            sources.append(source)
        }
        for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                terminal.restore()
                exit(128 + number)
            }
            sources.append(source)
        }
        for source in sources { source.resume() }
        self.sources = sources
    }

    /// Stops watching; the signals' default actions apply again.
    func cancel() {
        for source in sources { source.cancel() }
        for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { signal(number, SIG_DFL) }
    }
}
