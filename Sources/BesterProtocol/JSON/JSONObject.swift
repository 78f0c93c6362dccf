/// A JSON object: string keys in insertion order, each key at most once.
///
/// Assigning to an existing key replaces its value in place; assigning `nil`
/// removes it. Equality ignores order, as JSON does.
public struct JSONObject: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// One key and its value. A struct, not a tuple: arrays of tuples are
    /// built through unspecialized generic code, measurably slower.
    public struct Member: Sendable, Hashable {
        /// The key.
        public var key: String
        /// Its value.
        public var value: JSONValue

        /// Creates a member.
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in order. One array (not one for keys and one for values)
    /// so that building an object costs a single allocation.
    public private(set) var members: [Member]
    /// Key positions, kept only for objects large enough that a linear scan
    /// would be slow (and hostile input could make lookups quadratic).
    private var index: [String: Int]?
    static let indexThreshold = 16

    /// An empty object.
    public init() {
        members = []
    }

    /// An object from literal pairs; key order is kept, a repeated key keeps the last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init()
        members.reserveCapacity(elements.count)
        for (key, value) in elements { self[key] = value }
    }

    /// Members whose keys the caller knows to be distinct, kept as they are.
    init(uniqueMembers: [Member]) {
        members = uniqueMembers
        if uniqueMembers.count > Self.indexThreshold { index = Self.positions(of: uniqueMembers) }
    }

    /// Members in order where keys may repeat: as if assigned one by one
    /// (a repeated key keeps its first position and its last value).
    init(members candidates: [Member]) {
        if candidates.count > Self.indexThreshold {
            let positions = Self.positions(of: candidates)
            if positions.count == candidates.count {
                members = candidates
                index = positions
                return
            }
        } else if !Self.hasRepeatedKey(candidates) {
            members = candidates
            return
        }
        members = []
        for member in candidates { self[member.key] = member.value }
    }

    /// Number of members.
    public var count: Int { members.count }
    /// True when there are no members.
    public var isEmpty: Bool { members.isEmpty }
    /// The keys in order.
    public var keys: [String] { members.map(\.key) }
    /// The values in key order.
    public var values: [JSONValue] { members.map(\.value) }

    /// The value for `key`, or nil. Setting nil removes the member.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { members[$0].value } }
        set {
            if let position = position(of: key) {
                if let newValue {
                    members[position].value = newValue
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

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return members.firstIndex { $0.key == key }
    }

    private mutating func append(_ key: String, _ value: JSONValue) {
        members.append(Member(key: key, value: value))
        if index != nil {
            index?[key] = members.count - 1
        } else if members.count > Self.indexThreshold {
            index = Self.positions(of: members)
        }
    }

    private mutating func remove(at position: Int) {
        members.remove(at: position)
        if index != nil {
            index = members.count > Self.indexThreshold ? Self.positions(of: members) : nil
        }
    }

    /// Key to first position; fewer entries than members means a repeated key.
    private static func positions(of members: [Member]) -> [String: Int] {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(members.count)
        for (position, member) in members.enumerated() where positions[member.key] == nil {
            positions[member.key] = position
        }
        return positions
    }

    private static func hasRepeatedKey(_ members: [Member]) -> Bool {
        for later in members.indices.dropFirst() {
            for earlier in 0..<later where members[earlier].key == members[later].key { return true }
        }
        return false
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for member in lhs.members where rhs[member.key] != member.value { return false }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent, to agree with ==.
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(member.key)
            memberHasher.combine(member.value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension JSONObject: Sequence {
    /// Iterates members as `(key, value)` pairs in order.
    public struct Iterator: IteratorProtocol {
        private var members: IndexingIterator<[Member]>

        fileprivate init(_ members: [Member]) { self.members = members.makeIterator() }

        /// The next member, or nil after the last.
        public mutating func next() -> (key: String, value: JSONValue)? {
            members.next().map { ($0.key, $0.value) }
        }
    }

    /// Iterates members as `(key, value)` pairs in order.
    public func makeIterator() -> Iterator { Iterator(members) }
}
