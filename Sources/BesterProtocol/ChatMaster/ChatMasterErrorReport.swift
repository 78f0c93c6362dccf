/// The data of an `error` package (`004`): a command (or package) failed.
///
/// ```json
/// {"type":"error","data":{"error_type":"private","message":"Channel cannot be set to private."}}
/// ```
///
/// `error_type` is the failed command's name (`login`, `join`, ...), or, for
/// problems not tied to a command: `command` (the command could not be
/// read), `message` (a chat line was refused), `package` (the package could
/// not be read at all).
public struct ChatMasterErrorReport: Sendable, Hashable {
    /// What failed (`error_type`).
    public var errorType: String
    /// Why, for people (`message`).
    public var message: String

    /// Creates an error report.
    public init(errorType: String, message: String) {
        self.errorType = errorType
        self.message = message
    }

    init(_ data: ChatMasterFields) throws(ChatMasterValidationError) {
        errorType = try data.string("error_type")
        message = try data.string("message")
    }

    var data: JSONValue { ["error_type": .string(errorType), "message": .string(message)] }
}
