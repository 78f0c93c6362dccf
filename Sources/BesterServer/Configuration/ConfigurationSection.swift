import BesterProtocol

/// Collects issues while a configuration is read.
final class ConfigurationIssues {
    private(set) var all: [ConfigurationIssue] = []
    func error(_ path: String, _ message: String) { all.append(ConfigurationIssue(.error, at: path, message)) }
    func warning(_ path: String, _ message: String) { all.append(ConfigurationIssue(.warning, at: path, message)) }
    var hasErrors: Bool { all.contains { $0.severity == .error } }
}

/// One JSON object of a configuration file, read with typed accessors that
/// record an issue (with the full path) for anything of the wrong shape and
/// return nil, so reading continues and every problem is reported at once.
struct ConfigurationSection {
    let path: String
    let object: JSONObject
    let issues: ConfigurationIssues

    func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The sub-object at `key`; nil (and an issue) if it is not an object.
    func section(_ key: String) -> ConfigurationSection? {
        guard let value = object[key] else { return nil }
        guard case .object(let child) = value else {
            issues.error(childPath(key), "must be an object, got \(value.kindName)")
            return nil
        }
        return ConfigurationSection(path: childPath(key), object: child, issues: issues)
    }

    func string(_ key: String, nonEmpty: Bool = true) -> String? {
        guard let value = object[key] else { return nil }
        guard case .string(let text) = value else {
            issues.error(childPath(key), "must be a string, got \(value.kindName)")
            return nil
        }
        if nonEmpty && text.isEmpty {
            issues.error(childPath(key), "must not be empty")
            return nil
        }
        return text
    }

    func bool(_ key: String) -> Bool? {
        guard let value = object[key] else { return nil }
        guard case .bool(let flag) = value else {
            issues.error(childPath(key), "must be true or false, got \(value.kindName)")
            return nil
        }
        return flag
    }

    /// An integer within `range`; numeric strings are accepted (the reference
    /// daemon wrote ports as strings).
    func integer(_ key: String, in range: ClosedRange<Int>, unit: String = "") -> Int? {
        guard let value = object[key] else { return nil }
        let number: Int?
        switch value {
        case .string(let text): number = Int(text)
        default: number = value.intValue
        }
        guard let number, range.contains(number) else {
            issues.error(childPath(key), "must be a whole number from \(range.lowerBound) to \(range.upperBound)\(unit), got \(value)")
            return nil
        }
        return number
    }

    /// A TCP port, as a number or a numeric string.
    func port(_ key: String) -> UInt16? {
        integer(key, in: 0...65535).map { UInt16($0) }
    }

    /// A duration in seconds (fractions allowed); 0 allowed when `allowZero`.
    func seconds(_ key: String, allowZero: Bool = false) -> Duration? {
        guard let value = object[key] else { return nil }
        guard let seconds = value.doubleValue, seconds >= 0, seconds <= 86_400 * 365, allowZero || seconds > 0 else {
            issues.error(childPath(key), "must be a number of seconds\(allowZero ? " (0 turns it off)" : " above 0"), got \(value)")
            return nil
        }
        return .milliseconds(Int64(seconds * 1000))
    }

    func stringArray(_ key: String) -> [String]? {
        guard let value = object[key] else { return nil }
        guard case .array(let elements) = value else {
            issues.error(childPath(key), "must be an array of strings, got \(value.kindName)")
            return nil
        }
        var strings: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                issues.error("\(childPath(key))[\(index)]", "must be a string, got \(element.kindName)")
                continue
            }
            strings.append(text)
        }
        return strings
    }

    /// A string that must be one of `choices`.
    func choice(_ key: String, _ choices: [String]) -> String? {
        guard let text = string(key) else { return nil }
        guard choices.contains(text) else {
            issues.error(childPath(key), "must be one of \(choices.map { "\"\($0)\"" }.joined(separator: ", ")), got \"\(text)\"")
            return nil
        }
        return text
    }

    /// Warns about keys this version does not know (a typo stays visible).
    func warnAboutUnknownKeys(known: [String]) {
        for key in object.keys where !known.contains(key) {
            issues.warning(childPath(key), "unknown key, ignored")
        }
    }
}
