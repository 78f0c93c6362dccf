/// Typed access for code that consumes JSON: each accessor returns nil when
/// the value is of another kind, so lookups chain with `?`.
///
/// ```swift
/// let user = message["header"]?["authentication"]?["username"]?.stringValue
/// ```
extension JSONValue {
    /// The member `key` of an object, or nil (also nil for non-objects).
    public subscript(key: String) -> JSONValue? {
        get {
            guard case .object(let object) = self else { return nil }
            return object[key]
        }
        set {
            guard case .object(var object) = self else { return }
            object[key] = newValue
            self = .object(object)
        }
    }

    /// The element at `index` of an array, or nil when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The Boolean, if this is a Boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The value as a 64-bit signed integer: integers that fit, and doubles
    /// with no fractional part that fit exactly.
    public var int64Value: Int64? {
        switch self {
        case .integer(let value): return value
        case .double(let value): return value.exactInt64
        default: return nil
        }
    }

    /// The value as `Int` (see ``int64Value``).
    public var intValue: Int? { int64Value.flatMap { Int(exactly: $0) } }

    /// The value as an unsigned 64-bit integer, when non-negative and exact.
    public var uint64Value: UInt64? {
        switch self {
        case .integer(let value): return UInt64(exactly: value)
        case .unsignedInteger(let value): return value
        case .double(let value): return value.exactUInt64
        default: return nil
        }
    }

    /// Any number, as a double (may round very large integers).
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .unsignedInteger(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The object, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }



    /// True for `null`.
    public var isNull: Bool { self == .null }

    /// The JSON kind, for messages such as "must be a string, got number".
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer, .unsignedInteger, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
