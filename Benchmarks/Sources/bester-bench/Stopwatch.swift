import BesterClient

/// Repeats a body until a minimum time has passed and reports the rate.
enum Stopwatch {
    /// Runs `body` (which processes `bytesPerCall` bytes) repeatedly for at
    /// least `duration`, after a short warm-up, and returns MB/s (10^6 bytes).
    static func megabytesPerSecond(bytesPerCall: Int, duration: Duration = .seconds(1), _ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let warmUpEnd = clock.now.advanced(by: duration / 5)
        while clock.now < warmUpEnd { try body() }
        var calls = 0
        let start = clock.now
        let end = start.advanced(by: duration)
        while clock.now < end {
            for _ in 0..<16 { try body() }
            calls += 16
        }
        let seconds = Double(start.duration(to: clock.now).nanoseconds) / 1e9
        return Double(calls * bytesPerCall) / seconds / 1e6
    }
}
