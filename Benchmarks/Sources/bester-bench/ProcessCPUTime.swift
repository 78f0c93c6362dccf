import Foundation

/// A process's CPU time so far, split into user and kernel time, from
/// `/proc/PID/stat`. Divided by the requests served in between, it gives
/// the server's cost per request: a figure that moves far less with the
/// host's load than requests per second do.
struct ProcessCPUTime {
    /// Seconds spent in user space.
    let user: Double
    /// Seconds spent in the kernel on the process's behalf.
    let system: Double

    /// The times of process `pid`, or nil where they cannot be read.
    static func read(pid: Int32) -> ProcessCPUTime? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let commandEnd = stat.lastIndex(of: ")") else { return nil }
        // After "pid (comm)": state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: commandEnd)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ProcessCPUTime(user: user / ticks, system: system / ticks)
    }
}

/// What a server spent per request over a measurement, in microseconds.
struct CPUPerRequest {
    let user: Double
    let system: Double

    init(from before: ProcessCPUTime, to after: ProcessCPUTime, requests: Int) {
        let count = Double(max(requests, 1))
        user = (after.user - before.user) * 1e6 / count
        system = (after.system - before.system) * 1e6 / count
    }

    /// `2.1+8.3`: user and kernel microseconds per request.
    var text: String { String(format: "%.1f+%.1f", user, system) }
}
