/// The `header.error` object of a failure response: a code, the JSON path
/// concerned when there is one, and a message for people.
///
/// ```json
/// {"code":"validation","path":"payload.type","message":"payload.type: must be a string"}
/// ```
public struct ErrorReport: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public var code: ErrorCode
    /// The JSON path of the offending member of the request, if any.
    public var path: String?
    /// A one-line explanation.
    public var message: String

    /// Creates a report.
    public init(code: ErrorCode, message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    /// `validation` at `path`, for a rule no ``ValidationRule`` names: the
    /// message is `PATH: RULE`, as a ``ValidationError``'s is.
    public static func validation(at path: String, _ rule: String) -> ErrorReport {
        ErrorReport(code: .validation, message: "\(path): \(rule)", path: path)
    }

    /// A broken rule: `validation` (or `dialectMismatch`), its path and description.
    public init(_ error: ValidationError) {
        self.init(code: error.errorCode, message: error.description, path: error.path)
    }

    /// A frame body that is not JSON (`invalidJSON`; the message names the byte offset).
    public init(_ error: JSONParseError) {
        self.init(code: .invalidJSON, message: error.description)
    }

    /// A framing error: `frameTooLarge` for an oversized length prefix;
    /// a truncated frame holds no JSON text, so `invalidJSON`.
    public init(_ error: FrameError) {
        switch error {
        case .frameTooLarge: self.init(code: .frameTooLarge, message: error.description)
        case .truncated: self.init(code: .invalidJSON, message: error.description)
        }
    }

    /// The `error` object.
    public var json: JSONValue {
        var object: JSONObject = ["code": .string(code.rawValue)]
        if let path { object["path"] = .string(path) }
        object["message"] = .string(message)
        return .object(object)
    }

    /// Reads an `error` object: string `code` and `message`, optional string `path`.
    static func parse(_ value: JSONValue?, at path: String) throws(ValidationError) -> ErrorReport {
        let object = try FieldReader.object(value, at: path)
        return ErrorReport(code: ErrorCode(rawValue: try FieldReader.string(object["code"], at: path + ".code")),
                           message: try FieldReader.string(object["message"], at: path + ".message"),
                           path: try FieldReader.optionalString(object["path"], at: path + ".path"))
    }

    public var description: String { "\(code): \(message)" }
}
