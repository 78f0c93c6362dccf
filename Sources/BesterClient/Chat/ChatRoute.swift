/// Where a chat connection sends a message that arrived.
enum ChatRoute<Key, Event> {
    /// The answer to the oldest call waiting under the key; when none
    /// waits, the event (if any) is emitted instead.
    case answer(Key, otherwise: Event?)
    /// Something no call awaits.
    case event(Event)
}
