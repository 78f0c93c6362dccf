import BesterIO
import BesterProtocol

/// The built-in handler type `chat`: the chat service for Bester clients.
/// A request's `payload.data` is a ``BesterChatRequest``; the answer is a
/// normal response, and what others say arrives as deliveries of type
/// `chat` (see ``ChatEvent/besterDelivery``). A Bester connection is in
/// chat (online, in the default room, receiving) from its first `chat`
/// request until it logs out or closes.
struct ChatHandlerEndpoint: HandlerEndpoint {
    /// The message type served.
    static let type = "chat"

    let chat: ChatService
    let displayName = "chat (built-in)"

    func process(_ message: HandlerMessage, on loop: EventLoop, timeout: Duration,
                 completion: @escaping @Sendable (HandlerOutcome) -> Void) {
        let request: BesterChatRequest
        do {
            request = try BesterChatRequest(message.data)
        } catch {
            completion(.failure(error))
            return
        }
        guard let session = message.origin else {
            completion(.failure(ErrorReport(code: .notAllowed, message: "the chat handler serves Bester client sessions only")))
            return
        }
        let endpoint: BesterChatEndpoint
        switch chat.besterEndpoint(for: session, username: message.sender) {
        case .success(let joined): endpoint = joined
        case .failure(let error):
            completion(.failure(ErrorReport(error)))
            return
        }
        /// Answers on `loop`, whichever thread the chat service answered on.
        func answer<Value: Sendable>(_ data: @escaping @Sendable (Value) -> JSONValue) -> ChatCompletion<Value> {
            { result in
                let outcome: HandlerOutcome
                switch result {
                case .success(let value): outcome = .reply(HandlerReply(command: .reply, data: data(value)))
                case .failure(let error): outcome = .failure(ErrorReport(error))
                }
                loop.perform { completion(outcome) }
            }
        }
        switch request {
        case .rooms:
            let rooms = chat.rooms(seenBy: endpoint).map { room -> JSONValue in
                ["name": .string(room.name), "members": JSONValue(room.memberCount), "private": .bool(room.isPrivate),
                 "joined": .bool(room.isMember)]
            }
            completion(.reply(HandlerReply(command: .reply, data: ["rooms": .array(rooms)])))
        case let .create(room, isPrivate):
            chat.join(room, by: endpoint, creating: .required, makeCurrent: false, isPrivate: isPrivate,
                      completion: answer { ["room": .string($0.room)] })
        case .join(let room):
            chat.join(room, by: endpoint, creating: .never, makeCurrent: false, completion: answer { ["room": .string($0.room)] })
        case .leave(let room):
            chat.leave(room, by: endpoint, completion: answer { ["room": .string($0)] })
        case let .message(room, text):
            chat.say(text, in: room, by: endpoint, completion: answer { .null })
        case let .whisper(recipient, text):
            chat.whisper(text, to: recipient, by: endpoint, completion: answer { ["stored": .bool($0 == .stored)] })
        case let .setPrivate(room, isPrivate):
            chat.setPrivate(isPrivate, room: room, by: endpoint,
                            completion: answer { ["room": .string($0), "private": .bool(isPrivate)] })
        case .addContact(let contact):
            chat.addContact(contact, by: endpoint, completion: answer { .null })
        case .contacts:
            chat.contacts(of: endpoint, completion: answer { contacts in
                ["contacts": .array(contacts.map { ["username": .string($0.name), "online": .bool($0.isOnline)] })]
            })
        }
    }
}
