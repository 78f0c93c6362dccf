/// A user the chat service knows: online (with at least one session), or a
/// registered member of some room who is offline (messages to them are
/// stored). Guests exist only while online. Touched under the service's lock.
final class ChatUser {
    /// The name shown, as registered (or as the guest chose it).
    var name: String
    /// ``ChatNames/key(_:)`` of the name.
    var key: String
    /// A guest is known by nickname only: no account, no contacts, nothing stored.
    let isGuest: Bool
    /// Keys of the rooms the user is a member of.
    var rooms: Set<String> = []
    /// The user's live sessions, on any protocol and loop.
    var endpoints: [any ChatEndpoint] = []
    /// Flood control state.
    var flood = FloodControl.Bucket()

    init(name: String, isGuest: Bool) {
        self.name = name
        self.key = ChatNames.key(name)
        self.isGuest = isGuest
    }

    /// True while at least one session is logged in.
    var isOnline: Bool { !endpoints.isEmpty }
}
