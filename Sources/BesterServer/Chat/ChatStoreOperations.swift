import Foundation

/// What the chat service keeps in the database, as closures for
/// ``ChatStore/submit(_:_:then:)`` (each runs inside one transaction) and
/// the startup load. Names are matched ignoring ASCII case, as everywhere
/// in chat.
enum ChatStoreOperations {
    /// A room and its registered members, as stored.
    struct StoredRoom: Sendable {
        let name: String
        let isPrivate: Bool
        var members: [String]
    }

    /// Every stored room with its members. Rooms left without members (their
    /// accounts were removed) and messages left without recipients are
    /// deleted on the way.
    static func loadRooms(_ connection: SQLiteConnection) throws -> [StoredRoom] {
        try connection.run("DELETE FROM chat_rooms WHERE NOT EXISTS (SELECT 1 FROM chat_memberships m WHERE m.room_id = chat_rooms.id)")
        try connection.run("""
            DELETE FROM chat_offline_messages WHERE NOT EXISTS (SELECT 1 FROM chat_offline_recipients r WHERE r.message_id = chat_offline_messages.id)
            """)
        var rooms: [StoredRoom] = []
        let rows = try connection.query("""
            SELECT r.name, r.is_private, a.username FROM chat_rooms r
            JOIN chat_memberships m ON m.room_id = r.id JOIN accounts a ON a.id = m.account_id
            ORDER BY r.id, m.joined_at
            """) { row in (try row.string(at: 0), try row.int64(at: 1) != 0, try row.string(at: 2)) }
        // Sorted by room: a room's rows come together.
        for (name, isPrivate, member) in rows {
            if rooms.last?.name != name { rooms.append(StoredRoom(name: name, isPrivate: isPrivate, members: [])) }
            rooms[rooms.count - 1].members.append(member)
        }
        return rooms
    }

    /// Records that `user` (registered) is a member of `room`, storing the room first if needed.
    static func addMembership(room: String, isPrivate: Bool, user: String) -> @Sendable (SQLiteConnection) throws -> Void {
        let now = Date().unixMilliseconds
        return { connection in
            try connection.run("INSERT INTO chat_rooms (name, is_private, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                               [.text(room), .integer(isPrivate ? 1 : 0), .integer(now)])
            try connection.run("""
                INSERT OR IGNORE INTO chat_memberships (room_id, account_id, joined_at)
                SELECT r.id, a.id, ? FROM chat_rooms r, accounts a WHERE r.name = ? AND a.username = ? COLLATE NOCASE
                """, [.integer(now), .text(room), .text(user)])
        }
    }

    /// Forgets that `user` is a member of `room`; deletes the room when `deleteRoom`.
    static func removeMembership(room: String, user: String, deleteRoom: Bool) -> @Sendable (SQLiteConnection) throws -> Void {
        { connection in
            if deleteRoom {
                try connection.run("DELETE FROM chat_rooms WHERE name = ?", [.text(room)])
            } else {
                try connection.run("""
                    DELETE FROM chat_memberships WHERE room_id = (SELECT id FROM chat_rooms WHERE name = ?)
                    AND account_id = (SELECT id FROM accounts WHERE username = ? COLLATE NOCASE)
                    """, [.text(room), .text(user)])
            }
        }
    }

    /// Sets whether a stored room is private.
    static func setPrivate(room: String, _ isPrivate: Bool) -> @Sendable (SQLiteConnection) throws -> Void {
        { connection in try connection.run("UPDATE chat_rooms SET is_private = ? WHERE name = ?", [.integer(isPrivate ? 1 : 0), .text(room)]) }
    }

    /// The registered account named `name` ignoring case, as spelled at registration.
    static func accountName(_ name: String) -> @Sendable (SQLiteConnection) throws -> String? {
        { connection in
            try connection.queryFirst("SELECT username FROM accounts WHERE username = ? COLLATE NOCASE", [.text(name)]) { try $0.string(at: 0) }
        }
    }

    /// Stores a message for offline registered users. Returns the recipients
    /// that exist (an account may have been removed meanwhile).
    static func storeMessage(room: String?, sender: String, text: String, for recipients: [String])
        -> @Sendable (SQLiteConnection) throws -> [String]
    {
        let now = Date().unixMilliseconds
        return { connection in
            try connection.run("INSERT INTO chat_offline_messages (room, sender, content, sent_at) VALUES (?, ?, ?, ?)",
                               [room.map { .text($0) } ?? .null, .text(sender), .text(text), .integer(now)])
            let message = connection.lastInsertedRowID
            var stored: [String] = []
            for recipient in recipients {
                let added = try connection.run("""
                    INSERT OR IGNORE INTO chat_offline_recipients (account_id, message_id)
                    SELECT id, ? FROM accounts WHERE username = ? COLLATE NOCASE
                    """, [.integer(message), .text(recipient)])
                if added > 0 { stored.append(recipient) }
            }
            if stored.isEmpty { try connection.run("DELETE FROM chat_offline_messages WHERE id = ?", [.integer(message)]) }
            return stored
        }
    }

    /// Takes (reads and deletes) the messages stored for `user`, oldest first.
    static func takeBacklog(of user: String) -> @Sendable (SQLiteConnection) throws -> [ChatEvent] {
        { connection in
            let account: [SQLiteValue] = [.text(user)]
            let rows = try connection.query("""
                SELECT m.id, m.room, m.sender, m.content, m.sent_at FROM chat_offline_recipients r
                JOIN chat_offline_messages m ON m.id = r.message_id
                WHERE r.account_id = (SELECT id FROM accounts WHERE username = ? COLLATE NOCASE) ORDER BY m.id
                """, account) { row -> (Int64, ChatEvent) in
                let sender = try row.string(at: 2)
                let text = try row.string(at: 3)
                let kind: ChatEvent.Kind = try row.isNull(at: 1)
                    ? .whisper(sender: sender, text: text)
                    : .roomMessage(room: try row.string(at: 1), sender: sender, text: text)
                return (try row.int64(at: 0), ChatEvent(kind, storedAt: try row.int64(at: 4)))
            }
            guard !rows.isEmpty else { return [] }
            try connection.run("DELETE FROM chat_offline_recipients WHERE account_id = (SELECT id FROM accounts WHERE username = ? COLLATE NOCASE)",
                               account)
            for (id, _) in rows {
                try connection.run("""
                    DELETE FROM chat_offline_messages WHERE id = ?
                    AND NOT EXISTS (SELECT 1 FROM chat_offline_recipients WHERE message_id = ?)
                    """, [.integer(id), .integer(id)])
            }
            return rows.map(\.1)
        }
    }

    /// Adds `contact` to the contact list of `owner`; throws
    /// ``ChatError/noSuchUser(_:)`` when no account has that name.
    static func addContact(owner: String, contact: String) -> @Sendable (SQLiteConnection) throws -> Void {
        let now = Date().unixMilliseconds
        return { connection in
            guard let contactName = try accountName(contact)(connection) else { throw ChatError.noSuchUser(contact) }
            try connection.run("""
                INSERT OR IGNORE INTO chat_contacts (account_id, contact_id, added_at)
                SELECT o.id, c.id, ? FROM accounts o, accounts c WHERE o.username = ? AND c.username = ?
                """, [.integer(now), .text(owner), .text(contactName)])
        }
    }

    /// The contact list of `owner`, sorted.
    static func contacts(of owner: String) -> @Sendable (SQLiteConnection) throws -> [String] {
        { connection in
            try connection.query("""
                SELECT c.username FROM chat_contacts k JOIN accounts c ON c.id = k.contact_id
                WHERE k.account_id = (SELECT id FROM accounts WHERE username = ?) ORDER BY c.username
                """, [.text(owner)]) { try $0.string(at: 0) }
        }
    }
}
