import BesterProtocol
import BesterServer

/// Sends `data.body` to the users listed in `data.to`.
public struct RelayHandler: MessageHandler {
    /// Creates the handler.
    public init() {}

    public func handle(_ message: HandlerMessage) throws -> HandlerReply {
        let users = message.data["to"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return HandlerReply(command: .sendClients(users), data: message.data["body"] ?? .null)
    }
}

/// Passes the data to the handler `next`, appending its own name to `data.path`.
public struct ForwardHandler: MessageHandler {
    let name: String
    let next: String

    /// A handler called `name` forwarding to `next`.
    public init(name: String, next: String) {
        self.name = name
        self.next = next
    }

    public func handle(_ message: HandlerMessage) throws -> HandlerReply {
        var data = message.data
        let path = (data["path"]?.arrayValue ?? []) + [.string(name)]
        data["path"] = .array(path)
        return HandlerReply(command: .sendHandler(next), data: data)
    }
}
