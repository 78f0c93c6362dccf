import BesterIO
import BesterProtocol
import Synchronization

/// Delivers the first of several racing outcomes (an answer, a timeout, a
/// lost connection) to a completion on its loop, and drops the rest.
final class CompletionOnce: Sendable {
    private let loop: EventLoop
    private let state: Mutex<(completion: (@Sendable (HandlerOutcome) -> Void)?, timer: ScheduledTimer?)>

    init(loop: EventLoop, _ completion: @escaping @Sendable (HandlerOutcome) -> Void) {
        self.loop = loop
        self.state = Mutex((completion, nil))
    }

    /// Completes with `outcome` unless already completed (any thread).
    func complete(_ outcome: HandlerOutcome) {
        let taken = state.withLock { state -> (@Sendable (HandlerOutcome) -> Void)? in
            let completion = state.completion
            state.completion = nil
            state.timer?.cancel()
            return completion
        }
        guard let taken else { return }
        loop.perform { taken(outcome) }
    }

    /// Completes with the report `onTimeout` makes if nothing else has
    /// completed within `duration`.
    func timeout(after duration: Duration, _ onTimeout: @escaping @Sendable () -> ErrorReport) {
        let timer = loop.scheduleTimer(after: duration) { [self] in complete(.failure(onTimeout())) }
        let alreadyDone = state.withLock { state -> Bool in
            guard state.completion != nil else { return true }
            state.timer = timer
            return false
        }
        if alreadyDone { timer.cancel() }
    }
}
