/// What the chat screen shows: the rooms the user is in, each with its
/// log, which one is current, the nickname and the connection.
struct ChatState {
    /// A room in the room list.
    struct Room: Equatable {
        var name: String
        var log: [ChatLogEntry] = []
        /// Messages that arrived while another room was current.
        var unread = 0
        /// How many lines back from the newest the view is scrolled.
        var scrollback = 0
    }

    /// Whether the server is still there.
    enum Connection: Equatable {
        case connected
        case disconnected(reason: String)
    }

    /// The name the user is known by (changes with `/nick`).
    var nickname: String
    /// Which protocol, for the title bar.
    let protocolName: String
    /// Where, for the title bar.
    let server: String
    var connection = Connection.connected
    private(set) var rooms: [Room] = []
    private(set) var currentIndex: Int?
    /// The log shown while the user is in no room.
    private(set) var noRoom = Room(name: "")
    private let logLimit: Int

    /// Creates the state of a new session.
    init(nickname: String, protocolName: String, server: String, logLimit: Int = 2000) {
        self.nickname = nickname
        self.protocolName = protocolName
        self.server = server
        self.logLimit = logLimit
    }

    /// The current room's name; nil when the user is in no room.
    var currentRoom: String? { currentIndex.map { rooms[$0].name } }

    /// The room whose log is on screen.
    var shownRoom: Room { currentIndex.map { rooms[$0] } ?? noRoom }

    /// Names are compared ignoring ASCII case, as the server does.
    static func sameName(_ first: String, _ second: String) -> Bool {
        first.count == second.count && first.lowercased() == second.lowercased()
    }

    /// The room list position of `name`.
    func index(of name: String) -> Int? {
        rooms.firstIndex { Self.sameName($0.name, name) }
    }

    // MARK: Rooms

    /// Puts `name` in the room list if it is not there; returns its position.
    @discardableResult
    mutating func addRoom(_ name: String) -> Int {
        if let index = index(of: name) { return index }
        rooms.append(Room(name: name))
        return rooms.count - 1
    }

    /// Makes `name` current, adding it to the list if needed.
    mutating func switchTo(_ name: String) {
        let index = addRoom(name)
        currentIndex = index
        rooms[index].unread = 0
    }

    /// Takes `name` off the list; if it was current, its neighbour becomes current.
    mutating func removeRoom(_ name: String) {
        guard let index = index(of: name) else { return }
        let current = currentRoom
        rooms.remove(at: index)
        if let current, !Self.sameName(current, name), let kept = self.index(of: current) {
            currentIndex = kept
        } else if rooms.isEmpty {
            currentIndex = nil
        } else {
            currentIndex = min(index, rooms.count - 1)
            rooms[min(index, rooms.count - 1)].unread = 0
        }
    }

    /// The room `step` places after (or before) the current one in the list, going round.
    func neighbour(_ step: Int) -> String? {
        guard !rooms.isEmpty else { return nil }
        let from = currentIndex ?? 0
        let count = rooms.count
        return rooms[((from + step) % count + count) % count].name
    }

    /// Scrolls the shown log `lines` back (negative: forward), within the log.
    mutating func scroll(by lines: Int) {
        modifyShown { room in
            room.scrollback = min(max(room.scrollback + lines, 0), max(room.log.count - 1, 0))
        }
    }

    // MARK: Log

    /// Adds a line to `room`'s log (nil, or a room not in the list: the one on screen).
    mutating func log(_ kind: ChatLogEntry.Kind, _ text: String, in room: String? = nil, time: String = ClockTime.now()) {
        let entry = ChatLogEntry(time: time, kind: kind, text: text)
        if let room, let index = index(of: room) {
            let isMessage = if case .message = kind { true } else { false }
            Self.append(entry, to: &rooms[index], counted: isMessage && index != currentIndex, limit: logLimit)
        } else {
            let limit = logLimit
            modifyShown { Self.append(entry, to: &$0, counted: false, limit: limit) }
        }
    }

    private mutating func modifyShown(_ change: (inout Room) -> Void) {
        if let currentIndex {
            change(&rooms[currentIndex])
        } else {
            change(&noRoom)
        }
    }

    private static func append(_ entry: ChatLogEntry, to room: inout Room, counted: Bool, limit: Int) {
        room.log.append(entry)
        if room.log.count > limit { room.log.removeFirst(room.log.count - limit) }
        // A view scrolled back stays on the lines it shows.
        if room.scrollback > 0 { room.scrollback = min(room.scrollback + 1, room.log.count - 1) }
        if counted { room.unread += 1 }
    }

    // MARK: Events

    /// Shows what the server sent.
    mutating func apply(_ event: ChatBackendEvent) {
        switch event {
        case let .message(room, from, text, sentAt):
            if let room { addRoom(room) }
            log(.message(from: from, isOwn: Self.sameName(from, nickname)), text, in: room,
                time: sentAt.map(ClockTime.at(milliseconds:)) ?? ClockTime.now())
        case let .whisper(from, text, sentAt):
            log(.whisper(from: from), text, time: sentAt.map(ClockTime.at(milliseconds:)) ?? ClockTime.now())
        case let .joined(room, user):
            if Self.sameName(user, nickname) {
                // Joined from another session: the room joins the list. A
                // join typed here is shown by its result.
                if let room { addRoom(room) }
            } else if room.map({ index(of: $0) != nil }) ?? true {
                log(.presence, "\(user) joined", in: room)
            }
        case let .left(room, user):
            if Self.sameName(user, nickname) {
                if let room { removeRoom(room) }
            } else if room.map({ index(of: $0) != nil }) ?? true {
                log(.presence, "\(user) left", in: room)
            }
        case let .renamed(old, new):
            if Self.sameName(old, nickname) {
                nickname = new
                log(.info, "you are now known as \(new)")
            } else {
                log(.presence, "\(old) is now known as \(new)")
            }
        case .notice(let text):
            log(.info, text)
        case .problem(let text):
            log(.error, text)
        case .disconnected(let reason):
            connection = .disconnected(reason: reason)
            log(.error, "\(reason); /quit to leave")
        }
    }
}
