/// Why a MessagePack value has no JSON equivalent, and where in it.
public struct MessagePackJSONConversionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the value is, in JSON path notation from the top (`[2].avatar`);
    /// empty for the top-level value itself.
    public let path: String
    /// What has no JSON form, in words.
    public let rule: String

    /// Creates an error.
    public init(path: String, rule: String) {
        self.path = path
        self.rule = rule
    }

    public var description: String { "\(path.isEmpty ? "value" : path): \(rule)" }
}
