import Synchronization

/// A timer scheduled on an ``EventLoop``. Cancel it from any thread.
public final class ScheduledTimer: Sendable {
    let deadline: UInt64
    let callback: @Sendable () -> Void
    private let cancelled = Atomic<Bool>(false)

    init(deadline: UInt64, callback: @escaping @Sendable () -> Void) {
        self.deadline = deadline
        self.callback = callback
    }

    /// Prevents the callback from running, if it has not run yet.
    public func cancel() { cancelled.store(true, ordering: .relaxed) }

    /// True once cancelled.
    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }
}

/// A binary min-heap of timers ordered by deadline (then by arrival, so two
/// timers with one deadline fire in the order they were scheduled).
struct TimerHeap {
    private var entries: [(deadline: UInt64, sequence: UInt64, timer: ScheduledTimer)] = []
    private var nextSequence: UInt64 = 0

    var earliestDeadline: UInt64? { entries.first?.deadline }

    mutating func insert(_ timer: ScheduledTimer) {
        entries.append((timer.deadline, nextSequence, timer))
        nextSequence += 1
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(child, parent) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest timer if it is due at `now`.
    mutating func popDue(now: UInt64) -> ScheduledTimer? {
        guard let first = entries.first, first.deadline <= now else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < entries.count, precedes(left, smallest) { smallest = left }
                if right < entries.count, precedes(right, smallest) { smallest = right }
                if smallest == parent { break }
                entries.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first.timer
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        entries[a].deadline != entries[b].deadline
            ? entries[a].deadline < entries[b].deadline
            : entries[a].sequence < entries[b].sequence
    }
}
