import Glibc

/// The bytes a connection has queued and the kernel has not yet accepted:
/// one growable block, appended at the end and sent from the front.
///
/// Raw memory rather than a `[UInt8]`: appending to an array held in a
/// class property costs a run-time exclusivity check and a uniqueness
/// check on every write, and this is written on every reply.
/// Loop-confined, like its connection.
final class OutputQueue {
    private var storage: UnsafeMutableRawPointer?
    private var capacity = 0
    private var start = 0
    private var end = 0

    /// The largest block kept for reuse once drained: a busy fan-out writes
    /// tens of KiB to each recipient every turn, and freeing and regrowing
    /// that each time costs page faults and copies.
    private static let reusedCapacity = 64 * 1024
    private static let minimumCapacity = 512

    deinit { free(storage) }

    /// Bytes waiting to be sent.
    var count: Int { end - start }

    /// Queues `bytes` after what is waiting.
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if end + bytes.count > capacity { makeRoom(for: bytes.count) }
        guard let storage else { return }
        (storage + end).copyMemory(from: source, byteCount: bytes.count)
        end += bytes.count
    }

    /// Calls `body` with the waiting bytes; it returns how many were sent,
    /// which are then dropped from the front.
    func send(_ body: (UnsafeRawBufferPointer) -> Int) -> Int {
        guard let storage, end > start else { return 0 }
        let sent = body(UnsafeRawBufferPointer(start: storage + start, count: end - start))
        if sent > 0 { start += sent }
        if start == end {
            start = 0
            end = 0
            if capacity > Self.reusedCapacity { release() }
        }
        return sent
    }

    /// Frees the block when nothing waits in it; drops everything when
    /// `evenIfWaiting` (the connection closed).
    func release(evenIfWaiting: Bool = false) {
        guard evenIfWaiting || start == end else { return }
        free(storage)
        storage = nil
        capacity = 0
        start = 0
        end = 0
    }

    /// Moves what waits to the front, growing the block if it still does
    /// not fit `extra` more bytes.
    private func makeRoom(for extra: Int) {
        let waiting = end - start
        if let storage, start > 0 {
            memmove(storage, storage + start, waiting)
            start = 0
            end = waiting
        }
        guard waiting + extra > capacity else { return }
        let grown = max(capacity * 2, waiting + extra, Self.minimumCapacity)
        guard let block = realloc(storage, grown) else { fatalError("out of memory growing an output queue to \(grown) bytes") }
        storage = block
        capacity = grown
    }
}
