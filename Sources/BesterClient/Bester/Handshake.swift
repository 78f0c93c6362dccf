import BesterProtocol

/// How the first frame of a connection logs in: with an existing account,
/// or by creating one (`Docs/protocol.md` 2 and 4).
enum Handshake: Sendable {
    case login(Credentials)
    case register(Credentials)

    var credentials: Credentials {
        switch self {
        case .login(let credentials), .register(let credentials): return credentials
        }
    }

    /// The first frame's body. v2 and v2.1 carry the credentials with a
    /// request (`whoami`, whose answer confirms the login, or `register`);
    /// v3 sends the identify stanza, alone or with `register`. Each
    /// dialect's answer carries `data.username`.
    func firstFrame(in dialect: Dialect) -> JSONValue {
        switch (self, dialect) {
        case (.login(let credentials), .v2), (.login(let credentials), .v2_1):
            return BuiltinCommand.whoami.request(credentials: credentials).json(in: dialect)
        case (.register(let credentials), .v2), (.register(let credentials), .v2_1):
            return BuiltinCommand.register(username: nil, password: nil).request(credentials: credentials).json(in: dialect)
        case (.login(let credentials), .v3):
            return ["header": ["identify": IdentifyStanza.client(credentials).json]]
        case (.register(let credentials), .v3):
            let register = BuiltinCommand.register(username: nil, password: nil).request().json(in: .v3)
            return ["header": ["identify": IdentifyStanza.client(credentials).json], "payload": register["payload"] ?? .null]
        }
    }
}
