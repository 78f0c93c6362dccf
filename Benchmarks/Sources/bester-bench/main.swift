import Glibc

// bester-bench: measures Bester for Swift against baselines run in the same
// process and session. Build and run with a release build:
//   cd Benchmarks && swift run -c release bester-bench <scenario>
let scenarios: [any Scenario] = [
    CodecScenario(),
    MessagePackCodecScenario(),
    ServerScenario(),
    IdleScenario(),
    ClientScenario(),
    FanoutScenario(),
    HandlersScenario(),
    PasswordHashScenario(),
    ServeScenario(),
    HandlerServeScenario(),
]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let scenario = scenarios.first(where: { $0.name == name }) else {
    print("usage: bester-bench <scenario> [options]\n\nscenarios:")
    for scenario in scenarios { print("  \(scenario.name)\t\(scenario.summary)") }
    exit(arguments.isEmpty || arguments.first == "--help" ? 0 : 2)
}
do {
    try await scenario.run(arguments: Array(arguments.dropFirst()))
} catch {
    print("error: \(error)")
    exit(1)
}
