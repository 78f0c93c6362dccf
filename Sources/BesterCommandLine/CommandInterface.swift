/// What a command accepts, in the conventions of swift-argument-parser:
/// `--name VALUE` options, `--flag` flags, positional arguments, and `--help`.
/// The same description parses arguments and renders the help text.
public struct CommandInterface: Sendable {
    /// An option (`--name VALUE`, or `--name=VALUE`) or, with no value name, a flag.
    public struct Option: Sendable {
        public var name: String
        public var short: Character?
        /// Placeholder shown in help; nil makes this a flag that takes no value.
        public var valueName: String?
        public var help: String
        public var defaultValue: String?
        /// When set, values outside this list are a usage error.
        public var allowedValues: [String]?

        /// An option taking a value.
        public static func option(_ name: String, short: Character? = nil, value: String, help: String,
                                  default defaultValue: String? = nil, allowed: [String]? = nil) -> Option {
            Option(name: name, short: short, valueName: value, help: help, defaultValue: defaultValue, allowedValues: allowed)
        }

        /// A flag taking no value.
        public static func flag(_ name: String, short: Character? = nil, help: String) -> Option {
            Option(name: name, short: short, valueName: nil, help: help, defaultValue: nil, allowedValues: nil)
        }
    }

    /// A positional argument.
    public struct Argument: Sendable {
        public var name: String
        public var help: String
        public var isOptional: Bool

        /// Creates a positional argument.
        public init(_ name: String, help: String, optional: Bool = false) {
            self.name = name
            self.help = help
            self.isOptional = optional
        }
    }

    /// Full command name as typed, e.g. `bester-cli decode`.
    public var name: String
    /// One-line summary.
    public var abstract: String
    /// Longer text shown after the usage line.
    public var discussion: String?
    public var options: [Option]
    public var arguments: [Argument]

    /// Describes a command.
    public init(name: String, abstract: String, discussion: String? = nil, options: [Option] = [], arguments: [Argument] = []) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.arguments = arguments
    }

    /// Parses `arguments` (without the command name itself).
    /// Throws ``CommandLineError/helpRequested(_:)`` for `--help`/`-h`.
    public func parse(_ arguments: [String]) throws(CommandLineError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            if argument == "--help" || argument == "-h" { throw .helpRequested(helpText) }
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let option = option(named: name) else {
                throw .usage("unknown option '\(name)'", usage: usageLine)
            }
            guard option.valueName != nil else {
                if inlineValue != nil { throw .usage("'--\(option.name)' takes no value", usage: usageLine) }
                parsed.flags.insert(option.name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < arguments.count {
                value = arguments[index]
                index += 1
            } else {
                throw .usage("missing value for '--\(option.name)'", usage: usageLine)
            }
            if let allowed = option.allowedValues, !allowed.contains(value) {
                throw .usage("'\(value)' is not a valid value for '--\(option.name)' (expected one of: \(allowed.joined(separator: ", ")))",
                             usage: usageLine)
            }
            parsed.values[option.name, default: []].append(value)
        }
        let required = self.arguments.filter { !$0.isOptional }.count
        if parsed.positionals.count < required {
            let missing = self.arguments[parsed.positionals.count]
            throw .usage("missing argument <\(missing.name)>", usage: usageLine)
        }
        if parsed.positionals.count > self.arguments.count {
            throw .usage("unexpected argument '\(parsed.positionals[self.arguments.count])'", usage: usageLine)
        }
        for option in options where parsed.values[option.name] == nil {
            if let value = option.defaultValue { parsed.values[option.name] = [value] }
        }
        return parsed
    }

    private func option(named text: String) -> Option? {
        if text.hasPrefix("--") {
            let name = text.dropFirst(2)
            return options.first { $0.name == name }
        }
        guard text.count == 2, let letter = text.last else { return nil }
        return options.first { $0.short == letter }
    }

    /// `Usage: name [--option <VALUE>] <argument>`.
    public var usageLine: String { "Usage: " + synopsis }

    /// `name [--option <VALUE>] <argument>`.
    public var synopsis: String {
        var parts = [name]
        for option in options {
            let spelled = option.valueName.map { "--\(option.name) <\($0)>" } ?? "--\(option.name)"
            parts.append("[\(spelled)]")
        }
        for argument in arguments {
            parts.append(argument.isOptional ? "[<\(argument.name)>]" : "<\(argument.name)>")
        }
        return parts.joined(separator: " ")
    }

    /// The text `--help` prints.
    public var helpText: String {
        var lines = ["OVERVIEW: \(abstract)", "", "USAGE: " + synopsis]
        if let discussion { lines += ["", discussion] }
        if !arguments.isEmpty {
            lines += ["", "ARGUMENTS:"]
            for argument in arguments { lines.append(HelpFormatting.row("<\(argument.name)>", argument.help)) }
        }
        lines += ["", "OPTIONS:"]
        for option in options {
            var spelled = option.short.map { "-\($0), " } ?? ""
            spelled += "--\(option.name)"
            if let valueName = option.valueName { spelled += " <\(valueName)>" }
            var help = option.help
            if let defaultValue = option.defaultValue { help += " (default: \(defaultValue))" }
            lines.append(HelpFormatting.row(spelled, help))
        }
        lines.append(HelpFormatting.row("-h, --help", "Show help information."))
        return lines.joined(separator: "\n")
    }
}

/// Arguments after parsing.
public struct ParsedArguments: Sendable {
    /// Option values by option name (without dashes), in the order given.
    public var values: [String: [String]] = [:]
    /// Flags that were given.
    public var flags: Set<String> = []
    /// Positional arguments in order.
    public var positionals: [String] = []

    /// The last value given for an option (or its default).
    public func value(_ name: String) -> String? { values[name]?.last }
    /// True when a flag was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }
    /// The positional argument at `index`, if given.
    public func positional(_ index: Int) -> String? { positionals.indices.contains(index) ? positionals[index] : nil }
}
