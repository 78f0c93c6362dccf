/// Reads the members of one JSON object of a package, naming each problem by
/// its JSON path.
struct ChatMasterFields {
    let object: JSONObject
    /// Path of the object, e.g. `data.parameters`.
    let path: String
    /// The `error_type` reported for problems found here.
    var errorType: String

    /// The object at `path`; `value` must be a JSON object.
    init(_ value: JSONValue?, path: String, errorType: String) throws(ChatMasterValidationError) {
        guard let value else {
            throw ChatMasterValidationError(path: path, rule: "missing; must be an object", errorType: errorType)
        }
        guard case .object(let object) = value else {
            throw ChatMasterValidationError(path: path, rule: "must be an object, got \(value.kindName)", errorType: errorType)
        }
        self.object = object
        self.path = path
        self.errorType = errorType
    }

    /// The string member `key`.
    func string(_ key: String) throws(ChatMasterValidationError) -> String {
        guard let text = try optionalString(key) else { throw error(key, "missing; must be a string") }
        return text
    }

    /// The string member `key`, nil when absent or null.
    func optionalString(_ key: String) throws(ChatMasterValidationError) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw error(key, "must be a string, got \(other.kindName)")
        }
    }

    /// The member `key`, an array of strings.
    func stringArray(_ key: String) throws(ChatMasterValidationError) -> [String] {
        guard let value = object[key] else { throw error(key, "missing; must be an array of strings") }
        guard case .array(let elements) = value else {
            throw error(key, "must be an array of strings, got \(value.kindName)")
        }
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                throw ChatMasterValidationError(path: "\(path).\(key)[\(index)]", rule: "must be a string, got \(element.kindName)",
                                                errorType: errorType)
            }
            strings.append(text)
        }
        return strings
    }

    /// The member `key` as a child object.
    func object(_ key: String) throws(ChatMasterValidationError) -> ChatMasterFields {
        try ChatMasterFields(object[key], path: "\(path).\(key)", errorType: errorType)
    }

    func error(_ key: String, _ rule: String) -> ChatMasterValidationError {
        ChatMasterValidationError(path: "\(path).\(key)", rule: rule, errorType: errorType)
    }
}
