import BesterProtocol
import Synchronization

/// The requests an ``AsyncInProcessEndpoint`` is still working on, so that a
/// shutdown whose grace has run out can answer each one and cancel its task.
final class RunningHandlerTasks: Sendable {
    private struct Entry {
        let answer: CompletionOnce
        var task: Task<Void, Never>?
    }

    private let state = Mutex<(lastID: UInt64, entries: [UInt64: Entry])>((0, [:]))

    /// Runs `work` as a task, hands its outcome to `answer`, and forgets it
    /// once it has ended.
    func start(answering answer: CompletionOnce, _ work: @escaping @Sendable () async -> HandlerOutcome) -> Task<Void, Never> {
        // Entered before the task exists, so that a task ending at once finds its entry to remove.
        let id = state.withLock { state in
            state.lastID += 1
            state.entries[state.lastID] = Entry(answer: answer)
            return state.lastID
        }
        let task = Task { [self] in
            answer.complete(await work())
            state.withLock { _ = $0.entries.removeValue(forKey: id) }
        }
        state.withLock { $0.entries[id]?.task = task }
        return task
    }

    /// Answers every running request with `report` and cancels its task.
    func abandonAll(with report: ErrorReport) {
        let entries = state.withLock { state in
            defer { state.entries = [:] }
            return Array(state.entries.values)
        }
        for entry in entries {
            entry.task?.cancel()
            entry.answer.complete(.failure(report))
        }
    }
}
