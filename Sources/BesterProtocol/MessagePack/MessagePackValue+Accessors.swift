/// Typed access for code that consumes MessagePack: each accessor returns nil
/// when the value is of another kind, so lookups chain with `?`.
extension MessagePackValue {
    /// The string, if this is a str.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The Boolean, if this is a bool.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The value as a signed 64-bit integer: integers that fit, and floats
    /// with no fractional part that fit exactly.
    public var int64Value: Int64? {
        switch self {
        case .integer(let value): return value
        case .float(let value): return Double(value).exactInt64
        case .double(let value): return value.exactInt64
        default: return nil
        }
    }

    /// Any number, as a double (may round very large integers).
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .unsignedInteger(let value): return Double(value)
        case .float(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// The bytes, if this is a bin.
    public var binaryValue: [UInt8]? {
        if case .binary(let value) = self { return value }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [MessagePackValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The entries, if this is a map.
    public var mapValue: [MessagePackMapEntry]? {
        if case .map(let value) = self { return value }
        return nil
    }

    /// The element at `index` of an array, or nil when out of range or not an array.
    public subscript(index: Int) -> MessagePackValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The value of the last entry whose key is the str `key`, or nil
    /// (also nil for non-maps). The last one wins, as in the JSON conversion.
    public subscript(key: String) -> MessagePackValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.last(where: { $0.key == .string(key) })?.value
    }

    /// The kind of value, for messages such as "must be a string, got integer".
    public var kindName: String {
        switch self {
        case .nil: return "nil"
        case .bool: return "boolean"
        case .integer, .unsignedInteger: return "integer"
        case .float, .double: return "float"
        case .string: return "string"
        case .binary: return "binary"
        case .array: return "array"
        case .map: return "map"
        case .extension: return "extension"
        case .timestamp: return "timestamp"
        }
    }

}
