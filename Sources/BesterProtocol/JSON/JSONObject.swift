/// A JSON object: string keys in insertion order, each key at most once.
///
/// Assigning to an existing key replaces its value in place; assigning `nil`
/// removes it. Equality ignores order, as JSON does.
public struct JSONObject: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    public private(set) var keys: [String]
    public private(set) var values: [JSONValue]
    /// Key positions, kept only for objects large enough that a linear scan
    /// would be slow (and hostile input could make lookups quadratic).
    private var index: [String: Int]?
    private static let indexThreshold = 16

    /// An empty object.
    public init() {
        keys = []
        values = []
    }

    /// An object from literal pairs; key order is kept, a repeated key keeps the last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init()
        for (key, value) in elements { self[key] = value }
    }

    /// Number of members.
    public var count: Int { keys.count }
    /// True when there are no members.
    public var isEmpty: Bool { keys.isEmpty }

    /// The value for `key`, or nil. Setting nil removes the member.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { values[$0] } }
        set {
            if let position = position(of: key) {
                if let newValue {
                    values[position] = newValue
                } else {
                    remove(at: position)
                }
            } else if let newValue {
                append(key, newValue)
            }
        }
    }

    /// True when `key` is present (even if its value is `null`).
    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    /// Members in order.
    public var members: Zip2Sequence<[String], [JSONValue]> { zip(keys, values) }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return keys.firstIndex(of: key)
    }

    private mutating func append(_ key: String, _ value: JSONValue) {
        keys.append(key)
        values.append(value)
        if index != nil {
            index?[key] = keys.count - 1
        } else if keys.count > Self.indexThreshold {
            index = Dictionary(uniqueKeysWithValues: zip(keys, keys.indices))
        }
    }

    private mutating func remove(at position: Int) {
        keys.remove(at: position)
        values.remove(at: position)
        if index != nil {
            index = keys.count > Self.indexThreshold ? Dictionary(uniqueKeysWithValues: zip(keys, keys.indices)) : nil
        }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (key, value) in lhs.members where rhs[key] != value { return false }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent, to agree with ==.
        var combined = 0
        for (key, value) in members {
            var member = Hasher()
            member.combine(key)
            member.combine(value)
            combined ^= member.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension JSONObject: Sequence {
    /// Iterates members as `(key, value)` in order.
    public func makeIterator() -> Zip2Sequence<[String], [JSONValue]>.Iterator { members.makeIterator() }
}
