/// A message that breaks a rule of the Bester protocol: where (a JSON path
/// such as `header.authentication.username`) and which rule.
///
/// Its description is what the sender sees, e.g.
/// `header.authentication.username: must be a string`.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Dotted path of the offending member (`payload.type`,
    /// `header.commandData[2]`); empty for the message itself.
    public let path: String
    /// The rule that was broken.
    public let rule: ValidationRule

    /// Creates an error for `rule` broken at `path`.
    public init(path: String, rule: ValidationRule) {
        self.path = path
        self.rule = rule
    }

    /// The code a server reports it under: ``ErrorCode/dialectMismatch`` for a
    /// frame of another dialect, ``ErrorCode/validation`` for everything else.
    public var errorCode: ErrorCode {
        if case .dialectMismatch = rule { return .dialectMismatch }
        return .validation
    }

    public var description: String {
        "\(path.isEmpty ? "message" : path): \(rule)"
    }
}
