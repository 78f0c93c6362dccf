/// Typed reads of message members that throw a ``ValidationError`` naming
/// the member's path. Paths are autoclosures so the valid path (the hot one)
/// never builds a string.
enum FieldReader {
    /// The value as an object; `required` when absent.
    @inline(__always)
    static func object(_ value: JSONValue?, at path: @autoclosure () -> String) throws(ValidationError) -> JSONObject {
        guard let value else { throw ValidationError(path: path(), rule: .required) }
        guard case .object(let object) = value else { throw ValidationError(path: path(), rule: .mustBeObject) }
        return object
    }

    /// The value as an object, or nil when absent.
    @inline(__always)
    static func optionalObject(_ value: JSONValue?, at path: @autoclosure () -> String) throws(ValidationError) -> JSONObject? {
        guard let value else { return nil }
        guard case .object(let object) = value else { throw ValidationError(path: path(), rule: .mustBeObject) }
        return object
    }

    /// The value as a string; `required` when absent.
    @inline(__always)
    static func string(_ value: JSONValue?, at path: @autoclosure () -> String) throws(ValidationError) -> String {
        guard let value else { throw ValidationError(path: path(), rule: .required) }
        guard case .string(let string) = value else { throw ValidationError(path: path(), rule: .mustBeString) }
        return string
    }

    /// The value as a string, or nil when absent.
    @inline(__always)
    static func optionalString(_ value: JSONValue?, at path: @autoclosure () -> String) throws(ValidationError) -> String? {
        guard let value else { return nil }
        guard case .string(let string) = value else { throw ValidationError(path: path(), rule: .mustBeString) }
        return string
    }

    /// The value, whatever its kind; `required` when absent.
    @inline(__always)
    static func value(_ value: JSONValue?, at path: @autoclosure () -> String) throws(ValidationError) -> JSONValue {
        guard let value else { throw ValidationError(path: path(), rule: .required) }
        return value
    }

    /// A string that must be one of `allowed`.
    static func oneOf<Choice: RawRepresentable & CaseIterable>(
        _ value: JSONValue?, at path: @autoclosure () -> String, as: Choice.Type = Choice.self
    ) throws(ValidationError) -> Choice where Choice.RawValue == String {
        let raw = try string(value, at: path())
        guard let choice = Choice(rawValue: raw) else {
            throw ValidationError(path: path(), rule: .mustBeOneOf(Choice.allCases.map(\.rawValue)))
        }
        return choice
    }

    /// One string or an array of strings, as an array (handler recipients).
    static func stringList(_ value: JSONValue?, at path: @autoclosure () -> String) throws(ValidationError) -> [String] {
        switch value {
        case nil:
            throw ValidationError(path: path(), rule: .required)
        case .string(let single)?:
            return [single]
        case .array(let elements)?:
            var strings: [String] = []
            strings.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                guard case .string(let string) = element else {
                    throw ValidationError(path: "\(path())[\(index)]", rule: .mustBeString)
                }
                strings.append(string)
            }
            return strings
        default:
            throw ValidationError(path: path(), rule: .mustBeStringOrStringArray)
        }
    }
}
