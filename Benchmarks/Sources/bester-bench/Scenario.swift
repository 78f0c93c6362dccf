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
    /// The arguments with each `--name=VALUE` split in two, as `--name VALUE`
    /// is given: options may be written either way.
    var optionValuesSplit: [String] {
        flatMap { argument -> [String] in
            guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return [argument] }
            return [String(argument[..<equals]), String(argument[argument.index(after: equals)...])]
        }
    }

    /// Every value given for `--name`, in order.
    func options(_ name: String) -> [String] {
        let split = optionValuesSplit
        return split.indices.dropLast().filter { split[$0] == "--\(name)" }.map { split[$0 + 1] }
    }

    /// The first value given for `--name`, if any.
    func option(_ name: String) -> String? {
        options(name).first
    }
}
