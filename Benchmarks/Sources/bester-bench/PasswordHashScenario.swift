import BesterClient
import BesterServer
import Glibc

/// Time (and memory) of one yescrypt password hash at each cost, to choose
/// `AccountsConfiguration.hashCost` for a machine.
struct PasswordHashScenario: Scenario {
    let name = "password-hash"
    let summary = "milliseconds and peak memory of one yescrypt hash at costs 1...7 (--max-cost N)"

    func run(arguments: [String]) async throws {
        let maximumCost = arguments.option("max-cost").flatMap { Int($0) } ?? 7
        print("cost  params   ms/hash  ms/verify  peak RSS (MiB)")
        let clock = ContinuousClock()
        for cost in 1...maximumCost {
            let hasher = try PasswordHasher(cost: cost)
            let hash = try hasher.hash("correct horse battery staple")
            let parameters = String(hash.prefix(7))
            let hashing = try measure(clock) { _ = try hasher.hash("correct horse battery staple") }
            let verifying = try measure(clock) {
                guard hasher.verify("correct horse battery staple", against: hash) else {
                    throw BenchmarkFailure.failed("verification failed at cost \(cost)")
                }
            }
            print(pad("\(cost)", 6) + pad(parameters, 9) + pad(format(hashing), 9) + pad(format(verifying), 11)
                + format(peakResidentMebibytes()))
        }
    }

    /// Mean milliseconds per call over at least one second (and 5 calls), after one warm-up call.
    private func measure(_ clock: ContinuousClock, _ body: () throws -> Void) throws -> Double {
        try body()
        var calls = 0
        let start = clock.now
        while calls < 5 || start.duration(to: clock.now) < .seconds(1) {
            try body()
            calls += 1
        }
        return Double(start.duration(to: clock.now).nanoseconds) / 1e6 / Double(calls)
    }

    private func peakResidentMebibytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // Linux reports KiB
    }

    private func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

}
