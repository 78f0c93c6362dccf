/// Why a JSON object is not a valid ChatMaster package: the JSON path, the
/// rule, and the `error_type` a server should answer with.
///
/// ```
/// data.parameters.username: must be a string
/// ```
public struct ChatMasterValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the problem is, e.g. `data.parameters.channel`.
    public let path: String
    /// The rule broken, in words.
    public let rule: String
    /// The `error_type` of the error package that reports this to a client:
    /// the command's name when the package was a known command, `command`
    /// when the command itself could not be read, `message` for a message,
    /// `package` otherwise.
    public let errorType: String

    /// Creates an error.
    public init(path: String, rule: String, errorType: String) {
        self.path = path
        self.rule = rule
        self.errorType = errorType
    }

    public var description: String { "\(path): \(rule)" }

    /// The error package that tells a client about this problem.
    public var errorPackage: ChatMasterPackage {
        .error(ChatMasterErrorReport(errorType: errorType, message: description))
    }
}
