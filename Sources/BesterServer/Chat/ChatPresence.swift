/// Sessions coming and going, and what they tell others: a user is
/// *present* in a room while a member and online. Becoming present
/// (joining while online, or coming online as a member) is announced as
/// `joined` to everyone hearing the room, the user's own sessions
/// included; ceasing to be present (leaving, or the last session closing)
/// as `left`.
extension ChatState {
    /// What a session learns when it logs in.
    struct Connected: Sendable {
        /// The user's name as the service spells it (as registered).
        let name: String
        /// Public rooms, for ChatMaster's session package.
        let publicRooms: [String]
        /// Why the session is not in the default room, if it is not
        /// (it is full, or the user is in as many rooms as allowed).
        let defaultRoomError: ChatError?
    }

    /// Logs `endpoint` in as `name`: a registered user (already
    /// authenticated) or a guest. The session joins the default room (and,
    /// if it shows one room, makes it its current room). For registered
    /// users the messages stored while they were offline are read and
    /// handed to the endpoint's ``ChatEndpoint/receiveBacklog(_:)`` on its
    /// loop, after every message stored before this call.
    mutating func connect(_ endpoint: any ChatEndpoint, as name: String, isGuest: Bool) -> Result<Connected, ChatError> {
        let key = ChatNames.key(name)
        let user: ChatUser
        if let existing = users[key] {
            // A guest's name is free only if nobody has it; a registered user may have several sessions.
            guard !isGuest, !existing.isGuest else { return .failure(.nameTaken(existing.name, registered: !existing.isGuest)) }
            user = existing
        } else {
            user = ChatUser(name: name, isGuest: isGuest)
            users[key] = user
        }
        let cameOnline = !user.isOnline
        let roomsBefore = roomsInOrder(of: user)
        user.endpoints.append(endpoint)
        sessions[ObjectIdentifier(endpoint)] = Session(userKey: key, currentRoom: nil)
        if !endpoint.showsOneRoom {
            for room in roomsBefore { room.addListener(endpoint) }
        }
        if cameOnline && !user.isGuest {
            for room in roomsBefore { room.offlineMembers.remove(key) }
        }
        // The default room first, so a session showing one room hears its own arrival there.
        var defaultRoomError: ChatError?
        if case .now(.failure(let error)) = join(ChatConfiguration.defaultRoom, by: endpoint, creating: .ifMissing, makeCurrent: true) {
            defaultRoomError = error
        }
        if cameOnline {
            for room in roomsBefore { post(ChatEvent(.joined(room: room.name, user: user.name)), toListenersOf: room) }
        }
        if !isGuest {
            store.submit("read backlog", ChatStoreOperations.takeBacklog(of: user.name)) { backlog in
                endpoint.loop.execute { endpoint.receiveBacklog((try? backlog.get()) ?? []) }
            }
        }
        return .success(Connected(name: user.name, publicRooms: publicRoomNames, defaultRoomError: defaultRoomError))
    }

    /// Logs `endpoint` out (it closed, or logged out). A user whose last
    /// session this was goes offline: `left` in each of their rooms; a
    /// guest then stops being a member anywhere, and is forgotten.
    mutating func disconnect(_ endpoint: any ChatEndpoint) {
        guard let session = sessions.removeValue(forKey: ObjectIdentifier(endpoint)), let user = users[session.userKey] else { return }
        user.endpoints.removeAll { $0 === endpoint }
        if let current = session.currentRoom { rooms[current]?.removeListener(endpoint) }
        if !endpoint.showsOneRoom {
            for roomKey in user.rooms { rooms[roomKey]?.removeListener(endpoint) }
        }
        guard !user.isOnline else { return }
        let userRooms = roomsInOrder(of: user)
        for room in userRooms {
            post(ChatEvent(.left(room: room.name, user: user.name)), toListenersOf: room)
            if !user.isGuest { room.offlineMembers.insert(user.key) }
        }
        if user.isGuest {
            for room in userRooms { removeMembership(of: user, from: room) }
            users[user.key] = nil
        } else if user.rooms.isEmpty {
            users[user.key] = nil
        }
    }

    /// A guest takes another nickname (checked against registered accounts
    /// beforehand). Everyone hearing a room the guest is in, and the guest,
    /// is told once.
    mutating func rename(_ endpoint: any ChatEndpoint, to newName: String) -> Result<Void, ChatError> {
        guard let (_, user) = session(of: endpoint) else { return .failure(.notLoggedIn) }
        guard user.isGuest else { return .failure(.registeredCannotRename) }
        do { try ChatNames.validateNickname(newName) } catch { return .failure(error) }
        let oldName = user.name
        let newKey = ChatNames.key(newName)
        if newKey != user.key {
            if let holder = users[newKey] { return .failure(.nameTaken(holder.name, registered: !holder.isGuest)) }
            users[user.key] = nil
            users[newKey] = user
            for roomKey in user.rooms {
                rooms[roomKey]?.removeMember(user.key)
                rooms[roomKey]?.addMember(newKey)
            }
            for endpoint in user.endpoints { sessions[ObjectIdentifier(endpoint)]?.userKey = newKey }
            user.key = newKey
        }
        user.name = newName
        var recipients: [ObjectIdentifier: any ChatEndpoint] = [:]
        for room in roomsInOrder(of: user) {
            for listener in room.allListeners { recipients[ObjectIdentifier(listener)] = listener }
        }
        for own in user.endpoints { recipients[ObjectIdentifier(own)] = own }
        post(ChatEvent(.renamed(old: oldName, new: newName)), to: recipients.values)
        return .success(())
    }

    /// The user's rooms in name order, so announcements come in a stable order.
    func roomsInOrder(of user: ChatUser) -> [ChatRoom] {
        user.rooms.sorted().compactMap { rooms[$0] }
    }

    /// Makes `room` (or none) the current room of a session that shows one room.
    mutating func setCurrentRoom(of endpoint: any ChatEndpoint, to room: ChatRoom?) {
        let id = ObjectIdentifier(endpoint)
        guard let session = sessions[id], session.currentRoom != room?.key else { return }
        if let previous = session.currentRoom { rooms[previous]?.removeListener(endpoint) }
        room?.addListener(endpoint)
        sessions[id]?.currentRoom = room?.key
    }
}
