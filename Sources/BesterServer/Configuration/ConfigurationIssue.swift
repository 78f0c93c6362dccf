/// A problem found in a configuration file, named by its JSON path.
public struct ConfigurationIssue: Sendable, Equatable, CustomStringConvertible {
    /// Errors stop the daemon from starting; warnings do not.
    public enum Severity: String, Sendable { case error, warning }

    public let severity: Severity
    /// Dotted JSON path, e.g. `network.tcp4.port`.
    public let path: String
    public let message: String

    /// Creates an issue.
    public init(_ severity: Severity, at path: String, _ message: String) {
        self.severity = severity
        self.path = path
        self.message = message
    }

    /// `error: network.tcp4.port: must be a port number (0-65535)`.
    public var description: String { "\(severity.rawValue): \(path.isEmpty ? "(top level)" : path): \(message)" }
}

/// Thrown when a configuration has errors; carries all issues found.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// Every issue, errors and warnings, in file order.
    public let issues: [ConfigurationIssue]

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
