/// What a message handler tells the server to do with its reply's data
/// (`Docs/protocol.md` 5.2).
public enum HandlerCommand: Sendable, Hashable {
    /// Send the data back to the sender as the response.
    case reply
    /// Deliver the data to every live session of each of these users.
    case sendClients([String])
    /// Forward the data to these peer servers.
    case sendServers([String])
    /// Pass the data on to the handler of this type; its reply is executed in turn.
    case sendHandler(String)

    /// The command names as written in `header.command` (or `header.command.type`).
    public enum Name: String, Sendable, Hashable, CaseIterable {
        case reply, sendClients, sendServers, sendHandler
    }

    /// This command's name.
    public var name: Name {
        switch self {
        case .reply: return .reply
        case .sendClients: return .sendClients
        case .sendServers: return .sendServers
        case .sendHandler: return .sendHandler
        }
    }

    /// The command data: recipients, a handler type, or nil for `reply`.
    public var commandData: JSONValue? {
        switch self {
        case .reply: return nil
        case .sendClients(let names), .sendServers(let names): return .array(names.map { .string($0) })
        case .sendHandler(let type): return .string(type)
        }
    }

    /// Builds the command `name` from its data at `path`: recipients are a
    /// string or an array of strings, a handler type is a string, `reply`
    /// takes none (anything there is ignored).
    static func parse(name: Name, data: JSONValue?, at path: @autoclosure () -> String) throws(ValidationError) -> HandlerCommand {
        switch name {
        case .reply: return .reply
        case .sendClients: return .sendClients(try FieldReader.stringList(data, at: path()))
        case .sendServers: return .sendServers(try FieldReader.stringList(data, at: path()))
        case .sendHandler: return .sendHandler(try FieldReader.string(data, at: path()))
        }
    }
}
