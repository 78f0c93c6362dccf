import BesterIO

/// One logged-in chat session, whatever its protocol: what the chat service
/// delivers events to. Implemented by the ChatMaster and MessagePack
/// sessions and by the adapter that puts a Bester session in chat.
protocol ChatEndpoint: AnyObject, Sendable {
    /// The loop the session lives on; ``receive(_:)`` is called there.
    var loop: EventLoop { get }
    /// True for a front-end that shows one room at a time (ChatMaster,
    /// whose messages do not name their room): it hears only its current
    /// room. Others hear every room their user is a member of.
    var showsOneRoom: Bool { get }
    /// Writes one event, taking its bytes in the session's wire format from
    /// `encodings` (shared by every recipient on this loop). Skips events
    /// the protocol has no form for.
    func receive(_ encodings: inout ChatEncodingCache)
    /// Messages stored while the user was offline, oldest first, delivered
    /// once at login before any live event (which the session holds until
    /// then). Called on the loop.
    func receiveBacklog(_ events: [ChatEvent])
}
