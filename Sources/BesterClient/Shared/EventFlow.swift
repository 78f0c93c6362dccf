import Synchronization

/// Counts the events a consumer has not taken yet and decides when the
/// producer pauses (at the limit) and resumes (at half of it).
final class EventFlow: Sendable {
    private let pauseLimit: Int
    private let state = Mutex(State())

    private struct State {
        var waiting = 0
        var paused = false
        var onResume: (@Sendable () -> Void)?
    }

    init(pauseLimit: Int) {
        self.pauseLimit = pauseLimit
    }

    func onResume(_ handler: @escaping @Sendable () -> Void) {
        state.withLock { $0.onResume = handler }
    }

    var isPaused: Bool { state.withLock { $0.paused } }

    /// One more event waits. Returns true when the producer should pause.
    func produced() -> Bool {
        state.withLock { state in
            state.waiting += 1
            if state.waiting >= pauseLimit { state.paused = true }
            return state.paused
        }
    }

    /// The consumer took one event; past a pause, resumes the producer once
    /// half the limit is left.
    func consumed() {
        let resume = state.withLock { state -> (@Sendable () -> Void)? in
            state.waiting -= 1
            guard state.paused, state.waiting <= pauseLimit / 2 else { return nil }
            state.paused = false
            return state.onResume
        }
        resume?()
    }
}
