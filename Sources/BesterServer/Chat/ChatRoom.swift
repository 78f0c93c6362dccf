/// A room (a ChatMaster channel, a MessagePack group): its members, and the
/// sessions that hear it. Touched under the service's lock.
///
/// Who hears a room: every session of a member, except ChatMaster sessions
/// whose current channel is another room. Those sessions are kept grouped
/// by event loop, in arrays rebuilt only when the listeners change, so a
/// message costs one queue entry per loop however many members the room has.
final class ChatRoom {
    let name: String
    let key: String
    var isPrivate: Bool
    /// True once the room has a row in the database (it has, or had, a
    /// registered member).
    var isStored: Bool
    private var members: Set<String> = []
    /// Keys of the registered members who are offline: messages are stored for them.
    var offlineMembers: Set<String> = []
    private var listeners: [ObjectIdentifier: any ChatEndpoint] = [:]
    private var listenersByLoop: [[any ChatEndpoint]]?
    private let loopCount: Int

    init(name: String, isPrivate: Bool, isStored: Bool, loopCount: Int) {
        self.name = name
        self.key = ChatNames.key(name)
        self.isPrivate = isPrivate
        self.isStored = isStored
        self.loopCount = loopCount
    }

    var memberCount: Int { members.count }

    func isMember(_ userKey: String) -> Bool { members.contains(userKey) }

    func addMember(_ userKey: String) { members.insert(userKey) }

    func removeMember(_ userKey: String) { members.remove(userKey) }

    func addListener(_ endpoint: any ChatEndpoint) {
        if listeners.updateValue(endpoint, forKey: ObjectIdentifier(endpoint)) == nil { listenersByLoop = nil }
    }

    func removeListener(_ endpoint: any ChatEndpoint) {
        if listeners.removeValue(forKey: ObjectIdentifier(endpoint)) != nil { listenersByLoop = nil }
    }

    /// Every session hearing the room.
    var allListeners: Dictionary<ObjectIdentifier, any ChatEndpoint>.Values { listeners.values }

    /// The sessions hearing the room, by loop index.
    var listenersGroupedByLoop: [[any ChatEndpoint]] {
        if let listenersByLoop { return listenersByLoop }
        var grouped = [[any ChatEndpoint]](repeating: [], count: loopCount)
        for endpoint in listeners.values { grouped[endpoint.loop.index].append(endpoint) }
        listenersByLoop = grouped
        return grouped
    }
}
