import BesterIO
import Synchronization

/// The events waiting for one loop's recipients, in the order the chat
/// service accepted them.
///
/// The service posts here under its lock, so every loop sees events in one
/// global order; the loop drains the whole queue in one task (one hop per
/// batch, not per event), and the connections written to are flushed
/// together at the end of the loop's turn. Recipients are the room's own
/// per-loop array, shared, not copied.
final class ChatOutbox: Sendable {
    /// One event for some of this loop's endpoints.
    struct Item: Sendable {
        let event: ChatEvent
        let recipients: [any ChatEndpoint]
        /// The sending session, which does not hear its own message.
        let excluded: ObjectIdentifier?
    }

    let loop: EventLoop
    private let queue = Mutex<(items: [Item], drainScheduled: Bool)>(([], false))

    init(loop: EventLoop) {
        self.loop = loop
    }

    /// Queues an item; schedules a drain if none is pending (any thread).
    func post(_ item: Item) {
        let schedule = queue.withLock { queue -> Bool in
            queue.items.append(item)
            guard !queue.drainScheduled else { return false }
            queue.drainScheduled = true
            return true
        }
        if schedule { loop.execute { [self] in drain() } }
    }

    /// Delivers everything queued (loop thread). Endpoints may close while
    /// being written to; no lock is held meanwhile.
    private func drain() {
        let items = queue.withLock { queue -> [Item] in
            queue.drainScheduled = false
            let taken = queue.items
            queue.items = []
            return taken
        }
        for item in items {
            var encodings = ChatEncodingCache(item.event)
            for recipient in item.recipients where ObjectIdentifier(recipient) != item.excluded { recipient.receive(&encodings) }
        }
    }
}
