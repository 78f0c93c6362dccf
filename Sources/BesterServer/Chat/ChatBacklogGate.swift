/// Holds a session's live events while the messages stored for it during
/// its absence are being read, so that those (older) come first. Loop-confined.
struct ChatBacklogGate<Held> {
    private var held: [Held]?

    /// Starts closed when there is a backlog to wait for.
    init(waitingForBacklog: Bool) {
        held = waitingForBacklog ? [] : nil
    }

    /// True until ``open()``.
    var isClosed: Bool { held != nil }

    /// Keeps `item` for later if the gate is closed; false when it is open
    /// (the caller writes the item now).
    mutating func hold(_ item: Held) -> Bool {
        guard held != nil else { return false }
        held?.append(item)
        return true
    }

    /// Opens the gate, returning what was held, in order.
    mutating func open() -> [Held] {
        let released = held ?? []
        held = nil
        return released
    }
}
