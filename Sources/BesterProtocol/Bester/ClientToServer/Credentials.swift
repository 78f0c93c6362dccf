/// A username and password, as sent in an `authentication` object.
///
/// Descriptions never show the password, so credentials can be logged.
public struct Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The account name.
    public var username: String
    /// The password, in clear (the connection is what protects it).
    public var password: String

    /// Creates credentials.
    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// Reads an `authentication` object at `path`: it MUST be an object with
    /// string `username` and `password` (`000`, `001`, `002`).
    static func parse(_ value: JSONValue?, at path: @autoclosure () -> String) throws(ValidationError) -> Credentials {
        let object = try FieldReader.object(value, at: path())
        let username = try FieldReader.string(object["username"], at: path() + ".username")
        let password = try FieldReader.string(object["password"], at: path() + ".password")
        return Credentials(username: username, password: password)
    }

    /// The `authentication` object.
    public var json: JSONValue {
        ["username": .string(username), "password": .string(password)]
    }

    public var description: String { "\(username) (password hidden)" }
    public var debugDescription: String { "Credentials(username: \(username), password: <hidden>)" }
}
