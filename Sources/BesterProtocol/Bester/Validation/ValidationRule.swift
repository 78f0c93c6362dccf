/// A rule of the Bester protocol that a message can break. Each MUST of the
/// specifications is a (path, rule) pair; the rule says what was wrong at
/// that path.
public enum ValidationRule: Sendable, Hashable, CustomStringConvertible {
    /// The member is missing.
    case required
    /// The member must be a JSON object.
    case mustBeObject
    /// The member must be a JSON string.
    case mustBeString
    /// The member must be a string or an array of strings (handler recipients).
    case mustBeStringOrStringArray
    /// The member must be a string or an object (a handler's `header.command`).
    case mustBeStringOrObject
    /// The member must be one of these strings.
    case mustBeOneOf([String])
    /// A first frame must show its dialect: `header` holds none of
    /// `identify`, `scope` or `authentication`.
    case mustIdentifyDialect
    /// The frame belongs to another dialect than the connection speaks; for
    /// `frame == .v3` it is an identify stanza after the first frame.
    case dialectMismatch(connection: Dialect, frame: Dialect)

    public var description: String {
        switch self {
        case .required:
            return "is required"
        case .mustBeObject:
            return "must be an object"
        case .mustBeString:
            return "must be a string"
        case .mustBeStringOrStringArray:
            return "must be a string or an array of strings"
        case .mustBeStringOrObject:
            return "must be a string or an object"
        case .mustBeOneOf(let allowed):
            let quoted = allowed.map { "\"\($0)\"" }
            guard let last = quoted.last else { return "must not be present" }
            if quoted.count == 1 { return "must be \(last)" }
            if quoted.count == 2 { return "must be \(quoted[0]) or \(last)" }
            return "must be one of \(quoted.dropLast().joined(separator: ", ")) or \(last)"
        case .mustIdentifyDialect:
            return "must contain identify (v3), scope (v2.1) or authentication (v2)"
        case let .dialectMismatch(connection, frame):
            if frame == .v3 {
                return "only the first frame may identify (dialect mismatch: this connection speaks \(connection))"
            }
            return "belongs to \(frame) (dialect mismatch: this connection speaks \(connection))"
        }
    }
}
