import BesterProtocol
import Foundation

/// Converts ``JSONValue``s to the objects `JSONSerialization` takes, so the
/// baseline encodes the same data.
enum FoundationBridge {
    static func object(_ value: JSONValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .bool(let flag): return flag
        case .integer(let number): return number
        case .unsignedInteger(let number): return number
        case .double(let number): return number
        case .string(let text): return text
        case .array(let elements): return elements.map(object)
        case .object(let members):
            var dictionary: [String: Any] = [:]
            for (key, member) in members { dictionary[key] = object(member) }
            return dictionary
        }
    }
}
