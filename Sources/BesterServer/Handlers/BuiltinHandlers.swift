import BesterProtocol

/// `echo`: answers the sender with the data it sent.
struct EchoHandler: MessageHandler {
    func handle(_ message: HandlerMessage) throws -> HandlerReply {
        HandlerReply(command: .reply, data: message.data)
    }
}

/// `dummy`, from the reference daemon: an empty success.
struct DummyHandler: MessageHandler {
    func handle(_ message: HandlerMessage) throws -> HandlerReply {
        HandlerReply(command: .reply, data: .null)
    }
}
