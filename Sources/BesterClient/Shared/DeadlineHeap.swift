/// Deadlines of waiting calls, earliest first: a binary min-heap of
/// (deadline, ticket). Entries of calls that finished early are not removed
/// one by one; the owner drops them when popped, or rebuilds the heap when
/// they outnumber the live ones.
struct DeadlineHeap {
    private var entries: [(deadline: UInt64, ticket: UInt64)] = []

    var count: Int { entries.count }
    var earliest: UInt64? { entries.first?.deadline }

    mutating func insert(deadline: UInt64, ticket: UInt64) {
        entries.append((deadline, ticket))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].deadline < entries[parent].deadline else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry if it is due at `now`.
    mutating func popDue(now: UInt64) -> (deadline: UInt64, ticket: UInt64)? {
        guard let first = entries.first, first.deadline <= now else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            siftDown(from: 0)
        }
        return first
    }

    /// Replaces the contents, in O(n).
    mutating func rebuild(_ live: [(deadline: UInt64, ticket: UInt64)]) {
        entries = live
        var index = entries.count / 2
        while index > 0 {
            index -= 1
            siftDown(from: index)
        }
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].deadline < entries[smallest].deadline { smallest = left }
            if right < entries.count, entries[right].deadline < entries[smallest].deadline { smallest = right }
            if smallest == parent { return }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
