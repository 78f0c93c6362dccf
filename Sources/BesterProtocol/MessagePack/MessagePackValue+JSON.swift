/// Conversions between MessagePack and JSON values.
///
/// JSON to MessagePack always succeeds: null is nil, numbers keep their kind
/// (integers stay integers, doubles become float 64), objects become maps
/// with str keys in the same order.
///
/// MessagePack to JSON succeeds where the value has a JSON meaning: nil, bool,
/// integers, finite floats (a float 32 widens exactly to a double), str,
/// arrays, and maps whose keys are all str. It throws, naming the path, for
/// what JSON cannot hold without inventing an encoding: bin, extensions,
/// timestamps, NaN and infinities, and map keys that are not strings. Of
/// repeated str keys, the last value wins (as JSON parsers do).
extension MessagePackValue {
    /// The MessagePack form of a JSON value.
    public init(_ json: JSONValue) {
        switch json {
        case .null: self = .nil
        case .bool(let flag): self = .bool(flag)
        case .integer(let number): self = .integer(number)
        case .unsignedInteger(let number): self = .unsignedInteger(number)
        case .double(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .array(let elements): self = .array(elements.map(MessagePackValue.init))
        case .object(let object):
            self = .map(object.map { MessagePackMapEntry(key: .string($0.0), value: MessagePackValue($0.1)) })
        }
    }
}

extension JSONValue {
    /// The JSON form of a MessagePack value; throws, naming the path, for
    /// bin, extensions, timestamps, NaN, infinities and non-string map keys.
    public init(_ value: MessagePackValue) throws(MessagePackJSONConversionError) {
        self = try Self.convert(value, path: "")
    }

    private static func convert(_ value: MessagePackValue, path: String) throws(MessagePackJSONConversionError) -> JSONValue {
        switch value {
        case .nil: return .null
        case .bool(let flag): return .bool(flag)
        case .integer(let number): return .integer(number)
        case .unsignedInteger(let number): return JSONValue(number)
        case .float(let number): return try finite(Double(number), path: path)
        case .double(let number): return try finite(number, path: path)
        case .string(let text): return .string(text)
        case .binary:
            throw MessagePackJSONConversionError(path: path, rule: "binary data has no JSON form")
        case .extension(let type, _):
            throw MessagePackJSONConversionError(path: path, rule: "extension type \(type) has no JSON form")
        case .timestamp:
            throw MessagePackJSONConversionError(path: path, rule: "a timestamp has no JSON form")
        case .array(let elements):
            var converted: [JSONValue] = []
            converted.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                converted.append(try convert(element, path: "\(path)[\(index)]"))
            }
            return .array(converted)
        case .map(let entries):
            var object = JSONObject()
            for (index, entry) in entries.enumerated() {
                guard case .string(let key) = entry.key else {
                    throw MessagePackJSONConversionError(
                        path: path, rule: "key of entry \(index) is \(entry.key.kindName); JSON keys are strings")
                }
                object[key] = try convert(entry.value, path: path.isEmpty ? key : "\(path).\(key)")
            }
            return .object(object)
        }
    }

    private static func finite(_ number: Double, path: String) throws(MessagePackJSONConversionError) -> JSONValue {
        guard number.isFinite else {
            throw MessagePackJSONConversionError(path: path, rule: "\(number) has no JSON form")
        }
        return .double(number)
    }
}
