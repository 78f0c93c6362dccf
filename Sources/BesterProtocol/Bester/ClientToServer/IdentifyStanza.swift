/// The v3 identify stanza (`002`), `header.identify`, sent as the first
/// frame of every v3 connection.
///
/// ```json
/// {"header":{"identify":{"type":"client","authentication":{"username":"alice","password":"secret"}}}}
/// ```
public enum IdentifyStanza: Sendable, Hashable {
    /// A user's client, which MUST authenticate.
    case client(Credentials)
    /// A peer server. `002` asks for nothing more; Bester for Swift reads an
    /// optional `authentication` (peer name and shared secret) to prove it.
    case server(Credentials?)

    /// Whether a client or a server identified.
    public var role: ConnectionRole {
        switch self {
        case .client: return .client
        case .server: return .server
        }
    }

    /// The credentials presented, if any.
    public var credentials: Credentials? {
        switch self {
        case .client(let credentials): return credentials
        case .server(let credentials): return credentials
        }
    }

    /// Reads `header.identify`: an object whose `type` is `"client"` or
    /// `"server"`; a client MUST carry `authentication`.
    static func parse(_ value: JSONValue?) throws(ValidationError) -> IdentifyStanza {
        let identify = try FieldReader.object(value, at: "header.identify")
        let role = try FieldReader.oneOf(identify["type"], at: "header.identify.type", as: ConnectionRole.self)
        switch role {
        case .client:
            return .client(try Credentials.parse(identify["authentication"], at: "header.identify.authentication"))
        case .server:
            guard let authentication = identify["authentication"] else { return .server(nil) }
            return .server(try Credentials.parse(authentication, at: "header.identify.authentication"))
        }
    }

    /// The `identify` object.
    public var json: JSONValue {
        var identify: JSONObject = ["type": .string(role.rawValue)]
        if let credentials { identify["authentication"] = credentials.json }
        return .object(identify)
    }
}
