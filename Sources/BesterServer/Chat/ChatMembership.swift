/// Joining and leaving rooms, creating them, making them private or
/// public. A room exists while it has members (the default room always).
/// Memberships of registered users are stored; guests' are not.
extension ChatState {
    /// Whether joining may create the room.
    enum RoomCreation: Sendable {
        /// Join an existing room only (MessagePack `join_group`, Bester `join`).
        case never
        /// Create it if missing (ChatMaster `join`).
        case ifMissing
        /// Create it; fail if it exists (MessagePack `create_group`, Bester `create`).
        case required
    }

    /// The outcome of a join.
    struct Joined: Sendable {
        /// The room's name as first spelled.
        let room: String
        /// False when the user was a member already (nobody was told).
        let isNewMember: Bool
    }

    /// Makes the user of `endpoint` a member of the room `name`. With
    /// `makeCurrent`, a session that shows one room switches to it. The
    /// reply waits for the database when a registered user's membership is
    /// stored and `completion` is given; without one, storage is not waited for.
    mutating func join(_ name: String, by endpoint: any ChatEndpoint, creating: RoomCreation, makeCurrent: Bool,
                       isPrivate: Bool = false, completion: ChatCompletion<Joined>? = nil) -> ChatReply<Joined> {
        guard let (_, user) = session(of: endpoint) else { return .now(.failure(.notLoggedIn)) }
        do { try ChatNames.validateRoom(name) } catch { return .now(.failure(error)) }
        let existing = rooms[ChatNames.key(name)]
        if let existing, creating == .required { return .now(.failure(.roomExists(existing.name))) }
        if existing == nil, creating == .never { return .now(.failure(.noSuchRoom(name))) }
        let isNewMember = !(existing?.isMember(user.key) ?? false)
        if isNewMember {
            guard user.rooms.count < configuration.maxRoomsPerUser else {
                return .now(.failure(.tooManyRooms(limit: configuration.maxRoomsPerUser)))
            }
            if let existing, existing.memberCount >= configuration.maxMembersPerRoom {
                return .now(.failure(.roomFull(existing.name, limit: configuration.maxMembersPerRoom)))
            }
        }
        let room = existing ?? makeRoom(name, isPrivate: isPrivate)
        if isNewMember {
            room.addMember(user.key)
            user.rooms.insert(room.key)
            for own in user.endpoints where !own.showsOneRoom { room.addListener(own) }
        }
        if makeCurrent && endpoint.showsOneRoom { setCurrentRoom(of: endpoint, to: room) }
        let joined = Joined(room: room.name, isNewMember: isNewMember)
        guard isNewMember else { return .now(.success(joined)) }
        post(ChatEvent(.joined(room: room.name, user: user.name)), toListenersOf: room)
        guard !user.isGuest else { return .now(.success(joined)) }
        room.isStored = true
        return persist("join", ChatStoreOperations.addMembership(room: room.name, isPrivate: room.isPrivate, user: user.name),
                       answering: joined, completion: completion)
    }

    /// Ends the membership of the user of `endpoint` in the room `name`
    /// (nil: the session's current room). Everyone hearing the room,
    /// the user's own sessions included, is told before it happens.
    mutating func leave(_ name: String?, by endpoint: any ChatEndpoint, completion: ChatCompletion<String>? = nil) -> ChatReply<String> {
        guard let (session, user) = session(of: endpoint) else { return .now(.failure(.notLoggedIn)) }
        let room: ChatRoom
        do { room = try memberRoom(name, of: session, user: user) } catch { return .now(.failure(error)) }
        post(ChatEvent(.left(room: room.name, user: user.name)), toListenersOf: room)
        return removeMembership(of: user, from: room, completion: completion)
    }

    /// Makes a room private (left out of room lists) or public. Any member
    /// may; the default room stays public.
    mutating func setPrivate(_ isPrivate: Bool, room name: String?, by endpoint: any ChatEndpoint,
                             completion: ChatCompletion<String>? = nil) -> ChatReply<String> {
        guard let (session, user) = session(of: endpoint) else { return .now(.failure(.notLoggedIn)) }
        let room: ChatRoom
        do { room = try memberRoom(name, of: session, user: user) } catch { return .now(.failure(error)) }
        if isPrivate && room.key == ChatNames.defaultRoomKey { return .now(.failure(.defaultRoomIsPublic)) }
        room.isPrivate = isPrivate
        guard room.isStored else { return .now(.success(room.name)) }
        return persist("set private", ChatStoreOperations.setPrivate(room: room.name, isPrivate), answering: room.name,
                       completion: completion)
    }

    /// Removes a membership, and the room once nobody is left in it
    /// (except the default room). Nobody is told here.
    @discardableResult
    mutating func removeMembership(of user: ChatUser, from room: ChatRoom, completion: ChatCompletion<String>? = nil) -> ChatReply<String> {
        room.removeMember(user.key)
        user.rooms.remove(room.key)
        for own in user.endpoints {
            room.removeListener(own)
            if sessions[ObjectIdentifier(own)]?.currentRoom == room.key { sessions[ObjectIdentifier(own)]?.currentRoom = nil }
        }
        room.offlineMembers.remove(user.key)
        let deleteRoom = room.memberCount == 0 && room.key != ChatNames.defaultRoomKey
        if deleteRoom { rooms[room.key] = nil }
        let roomName = room.name
        guard room.isStored && (!user.isGuest || deleteRoom) else { return .now(.success(roomName)) }
        return persist("leave", ChatStoreOperations.removeMembership(room: roomName, user: user.name, deleteRoom: deleteRoom),
                       answering: roomName, completion: completion)
    }

    private mutating func makeRoom(_ name: String, isPrivate: Bool) -> ChatRoom {
        let room = ChatRoom(name: name, isPrivate: isPrivate, isStored: false, loopCount: outboxes.count)
        rooms[room.key] = room
        return room
    }

    /// Rebuilds rooms and offline members from the database at startup, and
    /// makes sure the default room exists.
    mutating func load(_ stored: [ChatStoreOperations.StoredRoom]) {
        for storedRoom in stored {
            let room = ChatRoom(name: storedRoom.name, isPrivate: storedRoom.isPrivate, isStored: true, loopCount: outboxes.count)
            rooms[room.key] = room
            for member in storedRoom.members {
                let key = ChatNames.key(member)
                let user = users[key] ?? ChatUser(name: member, isGuest: false)
                users[key] = user
                room.addMember(key)
                user.rooms.insert(room.key)
                room.offlineMembers.insert(key)
            }
        }
        if rooms[ChatNames.defaultRoomKey] == nil {
            _ = makeRoom(ChatConfiguration.defaultRoom, isPrivate: false)
        }
    }
}
