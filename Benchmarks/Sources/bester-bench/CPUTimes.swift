import Foundation

/// A CPU's time counters from `/proc/stat`, to tell how much of a
/// measurement the hypervisor took: on a virtual machine, time the host
/// gives to other guests (`steal`) is time the server did not run, and
/// wake-ups wait for it, so a cell measured during heavy steal is not
/// comparable with one measured without.
struct CPUTimes {
    let steal: UInt64
    let total: UInt64

    /// The counters of CPU `cpu`, or nil where `/proc/stat` cannot be read.
    static func read(cpu: Int) -> CPUTimes? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        let label = "cpu\(cpu)"
        for line in stat.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.first == Substring(label) else { continue }
            // user nice system idle iowait irq softirq steal ...
            let counters = fields.dropFirst().compactMap { UInt64($0) }
            guard counters.count >= 8 else { return nil }
            return CPUTimes(steal: counters[7], total: counters.reduce(0, +))
        }
        return nil
    }

    /// The share of the CPU's time stolen since `earlier`, in percent.
    func stealPercent(since earlier: CPUTimes) -> Double {
        guard total > earlier.total else { return 0 }
        return Double(steal - earlier.steal) * 100 / Double(total - earlier.total)
    }
}
