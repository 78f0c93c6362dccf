/// Latency samples in nanoseconds, summarised as percentiles.
struct Percentiles {
    private(set) var samples: [UInt64] = []

    mutating func record(_ nanoseconds: UInt64) { samples.append(nanoseconds) }

    mutating func merge(_ other: Percentiles) { samples += other.samples }

    /// The value below which `fraction` of the samples fall, in milliseconds.
    func milliseconds(at fraction: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let index = min(sorted.count - 1, Int(Double(sorted.count) * fraction))
        return Double(sorted[index]) / 1e6
    }
}
