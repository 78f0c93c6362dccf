/// A test waited for something that never came.
public struct TimedOut: Error, CustomStringConvertible {
    /// What was awaited.
    public let what: String

    /// Creates the error.
    public init(what: String) {
        self.what = what
    }

    public var description: String { "timed out waiting for \(what)" }
}

/// Runs `body`, failing if it has not finished within `seconds`: tests wait
/// on events, never on the clock, but must not hang when one never comes.
/// `body` is cancelled then, and must end when it is (the failure is only
/// reported once it has).
public func withTimeout<T: Sendable>(_ seconds: Double = 10, _ what: String = "an event",
                                     _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimedOut(what: what)
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw TimedOut(what: what) }
        return first
    }
}

/// Waits until `condition` holds, checking each time other tasks have run,
/// failing after `seconds`: for state that announces no event.
public func waitUntil(_ what: String, within seconds: Double = 10, _ condition: @escaping @Sendable () -> Bool) async throws {
    try await withTimeout(seconds, what) {
        while !condition() {
            // Yielding alone never notices the timeout's cancellation.
            try Task.checkCancellation()
            await Task.yield()
        }
    }
}
