/// Room messages and whispers. Online recipients get the message at once
/// (through the loops' outboxes, never waiting on the disk); registered
/// recipients who are offline get it stored, and the sender is answered
/// only once it is (so nothing acknowledged is lost).
extension ChatState {
    /// How a whisper reached its recipient.
    enum WhisperDelivery: Sendable, Equatable {
        /// The recipient is online and was sent it.
        case delivered
        /// The recipient is offline; it waits for their next login.
        case stored
    }

    /// Sends `text` to the room `name` (nil: the session's current room),
    /// to every session hearing it but the sender's. `now` is the monotonic
    /// time, for flood control. Without `completion`, storage for offline
    /// members is not waited for (ChatMaster acknowledges nothing).
    mutating func say(_ text: String, in name: String?, by endpoint: any ChatEndpoint, now: UInt64,
                      completion: ChatCompletion<Void>? = nil) -> ChatReply<Void> {
        guard let (session, user) = session(of: endpoint) else { return .now(.failure(.notLoggedIn)) }
        if let error = checkSize(of: text) { return .now(.failure(error)) }
        let room: ChatRoom
        do { room = try memberRoom(name, of: session, user: user) } catch { return .now(.failure(error)) }
        guard floodControl.admit(&user.flood, now: now) else { return .now(.failure(.flooding(perSecond: floodControl.perSecond))) }
        post(ChatEvent(.roomMessage(room: room.name, sender: user.name, text: text)), toListenersOf: room, excluding: endpoint)
        guard !room.offlineMembers.isEmpty else { return .now(.success(())) }
        let offline = room.offlineMembers.compactMap { users[$0]?.name }
        return persist("store room message", ChatStoreOperations.storeMessage(room: room.name, sender: user.name, text: text, for: offline),
                       answering: (), completion: completion)
    }

    /// Sends `text` to the user `recipient` alone: to every session of
    /// theirs if online, otherwise stored for a registered user (the answer
    /// then waits for the database, which also says whether the user exists).
    mutating func whisper(_ text: String, to recipient: String, by endpoint: any ChatEndpoint, now: UInt64,
                          completion: @escaping ChatCompletion<WhisperDelivery>) -> ChatReply<WhisperDelivery> {
        guard let (_, user) = session(of: endpoint) else { return .now(.failure(.notLoggedIn)) }
        if let error = checkSize(of: text) { return .now(.failure(error)) }
        let key = ChatNames.key(recipient)
        guard key != user.key else { return .now(.failure(.isSelf)) }
        guard floodControl.admit(&user.flood, now: now) else { return .now(.failure(.flooding(perSecond: floodControl.perSecond))) }
        if let target = users[key], target.isOnline {
            post(ChatEvent(.whisper(sender: user.name, text: text)), to: target.endpoints)
            return .now(.success(.delivered))
        }
        store.submit("store whisper", ChatStoreOperations.storeMessage(room: nil, sender: user.name, text: text, for: [recipient])) {
            completion($0.flatMap { stored in stored.isEmpty ? .failure(.noSuchUser(recipient)) : .success(.stored) })
        }
        return .later
    }

    private func checkSize(of text: String) -> ChatError? {
        let bytes = text.utf8.count
        return bytes > configuration.maxMessageBytes ? .messageTooLong(bytes: bytes, limit: configuration.maxMessageBytes) : nil
    }
}
