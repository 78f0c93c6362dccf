import BesterProtocol
import Synchronization

/// Something the chat service tells users: a room message, a whisper, or a
/// change of presence. One event is made per occurrence and shared by every
/// recipient on every loop; each wire format is encoded the first time a
/// recipient needs it, and only then (see ``ChatEncodingCache``).
final class ChatEvent: Sendable {
    enum Kind: Sendable, Equatable {
        /// `sender` said `text` in `room`.
        case roomMessage(room: String, sender: String, text: String)
        /// `sender` said `text` to the recipient alone.
        case whisper(sender: String, text: String)
        /// `user` is now present in `room`: joined it, or came online as a member.
        case joined(room: String, user: String)
        /// `user` is no longer present in `room`: left it, or went offline.
        case left(room: String, user: String)
        /// A guest changed nickname.
        case renamed(old: String, new: String)
    }

    let kind: Kind
    /// For messages delivered late (stored while the recipient was offline):
    /// when the server accepted them, in Unix milliseconds.
    let storedAt: Int64?
    private let encodings = Mutex<Encodings>(Encodings())

    /// One slot per wire format: nil until encoded.
    private struct Encodings {
        var messagePack: [UInt8]??
        var chatMasterLine: [UInt8]??
        var bester: DeliveryEncodings?
    }

    init(_ kind: Kind, storedAt: Int64? = nil) {
        self.kind = kind
        self.storedAt = storedAt
    }

    /// The user the event is from (the author, or whom it is about).
    var subject: String {
        switch kind {
        case .roomMessage(_, let sender, _), .whisper(let sender, _): return sender
        case .joined(_, let user), .left(_, let user): return user
        case .renamed(_, let new): return new
        }
    }

    /// The MessagePack chat update, or nil when `003` has none for it.
    var messagePackBytes: [UInt8]? {
        cached(\.messagePack) { encodeMessagePack() }
    }

    /// The ChatMaster package line (plain), or nil when it has none.
    var chatMasterLine: [UInt8]? {
        cached(\.chatMasterLine) { encodeChatMasterLine() }
    }

    /// The Bester delivery, encoded once per dialect shape.
    var besterEncodings: DeliveryEncodings {
        if let existing = encodings.withLock({ $0.bester }) { return existing }
        let made = DeliveryEncodings(besterDelivery)
        return encodings.withLock { slots in
            if let raced = slots.bester { return raced }
            slots.bester = made
            return made
        }
    }

    private func cached(_ slot: WritableKeyPath<Encodings, [UInt8]??>, _ encode: () -> [UInt8]?) -> [UInt8]? {
        if let done = encodings.withLock({ $0[keyPath: slot] }) { return done }
        // Encoded outside the lock; a racing loop may encode too, and either result is the same.
        let bytes = encode()
        encodings.withLock { $0[keyPath: slot] = .some(bytes) }
        return bytes
    }
}

/// A recipient loop's view of one event's encodings: asks the event once
/// per format, then hands out the same bytes to every recipient.
struct ChatEncodingCache {
    let event: ChatEvent
    private var messagePack: [UInt8]??
    private var chatMasterLine: [UInt8]??
    private var bester: DeliveryEncodings?

    init(_ event: ChatEvent) {
        self.event = event
    }

    /// The MessagePack chat update, nil when it has none.
    mutating func messagePackBytes() -> [UInt8]? {
        if let messagePack { return messagePack }
        let bytes = event.messagePackBytes
        messagePack = .some(bytes)
        return bytes
    }

    /// Lends the MessagePack chat update's bytes to `body` without a copy
    /// or a reference count per recipient (the hot path of room fan-out);
    /// does nothing when the event has no MessagePack form.
    mutating func withMessagePackBytes(_ body: (UnsafeRawBufferPointer) -> Void) {
        if messagePack == nil { messagePack = .some(event.messagePackBytes) }
        messagePack??.withUnsafeBytes(body)
    }

    /// The ChatMaster line (plain), nil when it has none.
    mutating func chatMasterLineBytes() -> [UInt8]? {
        if let chatMasterLine { return chatMasterLine }
        let bytes = event.chatMasterLine
        chatMasterLine = .some(bytes)
        return bytes
    }

    /// The Bester delivery encodings.
    mutating func besterEncodings() -> DeliveryEncodings {
        if let bester { return bester }
        let encodings = event.besterEncodings
        bester = encodings
        return encodings
    }
}
