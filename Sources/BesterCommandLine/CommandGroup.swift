#if canImport(Glibc)
import Glibc
#endif

/// A program with subcommands (`besterd user add`, `bester-cli send`), each
/// run by a closure that receives its own arguments.
public struct CommandGroup: Sendable {
    /// A subcommand: its name, summary and body.
    public struct Subcommand: Sendable {
        public var name: String
        public var abstract: String
        public var run: @Sendable ([String]) async throws -> Void

        /// Creates a subcommand.
        public init(_ name: String, abstract: String, run: @escaping @Sendable ([String]) async throws -> Void) {
            self.name = name
            self.abstract = abstract
            self.run = run
        }
    }

    public var name: String
    public var abstract: String
    public var subcommands: [Subcommand]
    /// Runs when no subcommand is named (besterd's "just serve"); nil makes a
    /// subcommand mandatory.
    public var defaultRun: (@Sendable ([String]) async throws -> Void)?

    /// Creates a command group.
    public init(name: String, abstract: String, subcommands: [Subcommand],
                defaultRun: (@Sendable ([String]) async throws -> Void)? = nil) {
        self.name = name
        self.abstract = abstract
        self.subcommands = subcommands
        self.defaultRun = defaultRun
    }

    /// The text `--help` prints at the top level.
    public var helpText: String {
        var lines = ["OVERVIEW: \(abstract)", "", "USAGE: \(name) <subcommand>", "", "SUBCOMMANDS:"]
        for subcommand in subcommands { lines.append(HelpFormatting.row(subcommand.name, subcommand.abstract)) }
        lines += ["", "See '\(name) <subcommand> --help' for detailed help."]
        return lines.joined(separator: "\n")
    }

    /// Dispatches `arguments` (without the program name), prints errors the
    /// way a person wants them, and returns the exit status.
    public func run(_ arguments: [String]) async -> ExitStatus {
        do {
            if let first = arguments.first, let subcommand = subcommands.first(where: { $0.name == first }) {
                try await subcommand.run(Array(arguments.dropFirst()))
            } else if let first = arguments.first, first == "--help" || first == "-h" || first == "help" {
                if arguments.count > 1, let subcommand = subcommands.first(where: { $0.name == arguments[1] }) {
                    try await subcommand.run(["--help"])
                } else {
                    print(helpText)
                }
            } else if let defaultRun, arguments.first.map({ $0.hasPrefix("-") }) ?? true {
                try await defaultRun(arguments)
            } else if let first = arguments.first {
                throw CommandLineError.usage("unknown subcommand '\(first)'", usage: "Usage: \(name) <subcommand>; see '\(name) --help'")
            } else {
                print(helpText)
                return .usage
            }
            return .success
        } catch let error as CommandLineError {
            return Self.report(error)
        } catch {
            Self.printError("error: \(error)")
            return .failure
        }
    }

    /// Prints a command-line error and returns its exit status.
    public static func report(_ error: CommandLineError) -> ExitStatus {
        switch error {
        case .helpRequested(let text):
            print(text)
            return .success
        case .usage(let message, let usage):
            printError("error: \(message)\n\(usage)")
            return .usage
        case .failure(let message):
            printError("error: \(message)")
            return .failure
        }
    }

    /// Writes a line to standard error.
    public static func printError(_ line: String) {
        printErrorWithoutNewline(line + "\n")
    }

    /// Writes text to standard error as is (prompts).
    public static func printErrorWithoutNewline(_ text: String) {
        var text = text
        text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    }
}
