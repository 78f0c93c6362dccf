/// One benchmark scenario of `bester-bench`, selected by name on the command line.
protocol Scenario: Sendable {
    /// The name typed after `bester-bench`.
    var name: String { get }
    /// One line for the usage text.
    var summary: String { get }
    /// Runs the scenario and prints its report.
    func run(arguments: [String]) async throws
}

extension Array<String> {
    /// The value of a `--name=VALUE` (or `--name VALUE`) argument, if given.
    func option(_ name: String) -> String? {
        if let joined = first(where: { $0.hasPrefix("--\(name)=") }) { return String(joined.dropFirst(name.count + 3)) }
        guard let flag = firstIndex(of: "--\(name)"), flag + 1 < count else { return nil }
        return self[flag + 1]
    }
}
