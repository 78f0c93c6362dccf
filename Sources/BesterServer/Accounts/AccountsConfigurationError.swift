/// A setting of ``AccountsConfiguration`` out of range.
public struct AccountsConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The setting's name, e.g. `throttle.initialDelay`.
    public let field: String
    /// What it must be.
    public let rule: String
    /// What it was.
    public let value: String

    public var description: String { "\(field): \(rule) (it is \(value))" }
}
