/// Why bytes are not a valid ChatMaster package: not JSON, or JSON of the
/// wrong shape.
public enum ChatMasterPackageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not one JSON text.
    case json(JSONParseError)
    /// The JSON is not a valid package.
    case validation(ChatMasterValidationError)

    public var description: String {
        switch self {
        case .json(let error): return error.description
        case .validation(let error): return error.description
        }
    }
}
