import BesterProtocol
import Synchronization

/// The requests an ``AsyncInProcessEndpoint`` is still working on, so that a
/// shutdown whose grace has run out can answer each one and cancel its task.
final class RunningHandlerTasks: Sendable {
    private struct Entry {
        let answer: CompletionOnce
        var task: Task<Void, Never>?
    }

    private let state = Mutex<(lastID: UInt64, entries: [UInt64: Entry], closedWith: ErrorReport?)>((0, [:], nil))

    /// Runs `work` as a task, hands its outcome to `answer`, and forgets it
    /// once it has ended. After ``abandonAll(with:)``, `answer` gets that
    /// report at once and `work` does not run (nil): a `sendHandler` hop
    /// reaching this handler after its close is answered all the same.
    func start(answering answer: CompletionOnce, _ work: @escaping @Sendable () async -> HandlerOutcome) -> Task<Void, Never>? {
        // Entered before the task exists, so that a task ending at once finds its entry to remove.
        let entered = state.withLock { state -> Result<UInt64, ErrorReport> in
            if let report = state.closedWith { return .failure(report) }
            state.lastID += 1
            state.entries[state.lastID] = Entry(answer: answer)
            return .success(state.lastID)
        }
        let id: UInt64
        switch entered {
        case .success(let entry): id = entry
        case .failure(let report):
            answer.complete(.failure(report))
            return nil
        }
        let task = Task { [self] in
            answer.complete(await work())
            state.withLock { _ = $0.entries.removeValue(forKey: id) }
        }
        let abandoned = state.withLock { state -> Bool in
            guard state.entries[id] != nil else { return state.closedWith != nil }
            state.entries[id]?.task = task
            return false
        }
        // Abandoned before the task could be recorded: it is stopped here.
        if abandoned { task.cancel() }
        return task
    }

    /// Answers every running request with `report` and cancels its task;
    /// requests that come later get `report` at once.
    func abandonAll(with report: ErrorReport) {
        let entries = state.withLock { state in
            state.closedWith = report
            defer { state.entries = [:] }
            return Array(state.entries.values)
        }
        for entry in entries {
            entry.task?.cancel()
            entry.answer.complete(.failure(report))
        }
    }
}
