import BesterClient
import Synchronization

/// Chat over ChatMaster (`004`, `Docs/chatmaster.md`): a session hears one
/// room at a time, its current channel, so switching rooms is a `join`;
/// `leave` leaves the current channel only; a guest can rename; there is no
/// command for private messages.
///
/// `004` confirms few commands. To know whether a `join`, `leave` or
/// `rename` worked, the backend follows it with `channels`: the server
/// answers a connection's commands in order, so an `error` for the command
/// comes before the `channel_list`, and a `channel_list` alone means it
/// worked. Notifications are not answers (they may come later), so the
/// user's own `user_joined` and `user_left` are left to the calls' results.
final class ChatMasterChatBackend: ChatBackend {
    let protocolName = "ChatMaster"
    let events: AsyncStream<ChatBackendEvent>
    private let client: ChatMasterClient
    private let session = ChatMasterSessionTracker(channel: "general")

    /// Wraps a logged-in client.
    init(client: ChatMasterClient) {
        self.client = client
        let session = session
        events = .translating(client.events, onEnd: { session.close(reason: "the connection is closed") }) {
            Self.translate($0, session: session, username: client.username)
        }
    }

    var username: String { client.username ?? "" }

    /// Reads one event in the order the server sent it. `004` packages name
    /// no room: they belong to the current channel.
    private static func translate(_ event: ChatMasterClientEvent, session: ChatMasterSessionTracker,
                                  username: String?) -> ChatBackendEvent? {
        let isSelf = { (name: String) in username.map { ChatState.sameName($0, name) } ?? false }
        switch event {
        case .package(.message(let message)):
            return .message(room: session.channel, from: message.username ?? "someone", text: message.text, sentAt: nil)
        case .package(.notification(.userJoined(let user))):
            return isSelf(user) ? nil : .joined(room: session.channel, user: user)
        case .package(.notification(.userLeft(let user))):
            return isSelf(user) ? nil : .left(room: session.channel, user: user)
        case .package(.notification(.userRename(let old, let new))):
            return .renamed(old: old, new: new)
        case .package(.notification(.channelList)):
            session.barrierRead()
            return nil
        case .package(.error(let report)):
            if session.refuse(errorType: report.errorType, reason: report.message) { return nil }
            switch report.errorType {
            case "message": return .problem("not sent: \(report.message)")
            case "shutdown", "timeout":
                // The server closes next: this is why, as the Bester backend says it.
                session.noteFarewell("connection lost: \(report.message) (\(report.errorType))")
                return .notice(report.message)
            case "session": return .notice(report.message)
            default: return .problem(report.message)
            }
        case .unreadable(let reason):
            return .problem("skipped a package this client cannot read: \(reason)")
        case .disconnected(let error):
            let reason = session.farewell ?? error.description
            session.close(reason: reason)
            return .disconnected(reason)
        case .package(.notification(.compression)), .package(.request), .package(.session), .package(.command):
            return nil
        }
    }

    func start() async throws(ChatBackendError) -> [String] {
        // Once the answer to `channels` is read, so is everything the login
        // brought (its own user_joined included), which later joins must not
        // take for theirs.
        try await confirmed("channels", then: .unchanged) { () throws(ChatClientError) in }
        return [session.channel ?? "general"]
    }

    func join(_ room: String) async throws(ChatBackendError) -> String {
        try await confirmed("join", then: .becomes(room)) { () throws(ChatClientError) in try client.join(room) }
        return room
    }

    func leave(_ room: String) async throws(ChatBackendError) {
        guard let current = session.channel, ChatState.sameName(current, room) else {
            throw ChatBackendError("ChatMaster leaves only the room you are talking in; switch to '\(room)' first")
        }
        try await confirmed("leave", then: .none) { () throws(ChatClientError) in try client.leave() }
    }

    func focus(_ room: String) async throws(ChatBackendError) {
        if let current = session.channel, ChatState.sameName(current, room) { return }
        _ = try await join(room)
    }

    func say(_ text: String, in room: String) async throws(ChatBackendError) {
        // The line goes to the current channel, whatever the screen shows.
        guard let current = session.channel, ChatState.sameName(current, room) else {
            throw ChatBackendError("this ChatMaster session is not talking in '\(room)'; /join \(room) to go there")
        }
        // Refusals arrive later as `error` packages (`.problem` events).
        do throws(ChatClientError) {
            try client.say(text)
        } catch {
            throw ChatBackendError(error.description)
        }
    }

    func whisper(_ text: String, to user: String) async throws(ChatBackendError) -> WhisperReceipt {
        throw ChatBackendError("private messages are not part of the ChatMaster protocol; use --protocol bester or msgpack")
    }

    func rooms() async throws(ChatBackendError) -> [ChatRoomSummary] {
        do throws(ChatClientError) {
            return try await client.listChannels().map { ChatRoomSummary(name: $0) }
        } catch {
            throw ChatBackendError(error.description)
        }
    }

    func rename(to name: String) async throws(ChatBackendError) {
        try await confirmed("rename", then: .unchanged) { () throws(ChatClientError) in try client.rename(to: name) }
    }

    func close() async {
        await client.close()
    }

    /// Sends a command and waits for its `error` or the `channel_list` after it.
    private func confirmed(_ errorType: String, then channel: ChatMasterSessionTracker.ChannelChange,
                           _ send: () throws(ChatClientError) -> Void) async throws(ChatBackendError) {
        let failure: String? = await withCheckedContinuation { continuation in
            guard session.wait(for: errorType, then: channel, continuation) else { return }
            do throws(ChatClientError) {
                try send()
                try client.send(.listChannels)
            } catch {
                session.sendFailed(error.description)
            }
        }
        if let failure { throw ChatBackendError(failure) }
    }
}

/// What a ChatMaster session is doing: its current channel, and the
/// command waiting for confirmation (one at a time: the chat screen makes
/// its calls in order).
final class ChatMasterSessionTracker: Sendable {
    /// What a command does to the current channel once confirmed.
    enum ChannelChange: Sendable {
        case unchanged
        case becomes(String)
        /// `leave`: no current channel.
        case none
    }

    private struct Waiting {
        let errorType: String
        let change: ChannelChange
        /// The number of the `channels` sent after the command.
        let barrier: Int
        let continuation: CheckedContinuation<String?, Never>
    }

    private struct State {
        var channel: String?
        var waiting: Waiting?
        var closedReason: String?
        /// What the server said before closing (shutdown, timeout).
        var farewell: String?
        /// `channels` sent after commands, and `channel_list`s read: a
        /// command refused by an `error` still has its `channel_list` to come,
        /// which must not confirm the next command.
        var barriersSent = 0
        var barriersRead = 0
    }

    private let state: Mutex<State>

    init(channel: String) {
        state = Mutex(State(channel: channel))
    }

    /// The current channel; nil after leaving it.
    var channel: String? { state.withLock { $0.channel } }

    /// Why the server is about to close the connection, once it has said so.
    var farewell: String? { state.withLock { $0.farewell } }

    /// Keeps what the server said before closing, as the reason the connection ends.
    func noteFarewell(_ reason: String) {
        state.withLock { $0.farewell = reason }
    }

    /// Keeps `continuation` until the command ends (its `channels` is sent
    /// next); once the connection is closed, resumes it at once with the
    /// reason and returns false.
    func wait(for errorType: String, then change: ChannelChange, _ continuation: CheckedContinuation<String?, Never>) -> Bool {
        let closedReason: String? = state.withLock { state in
            guard state.closedReason == nil else { return state.closedReason }
            state.barriersSent += 1
            state.waiting = Waiting(errorType: errorType, change: change, barrier: state.barriersSent, continuation: continuation)
            return nil
        }
        if let closedReason { continuation.resume(returning: closedReason) }
        return closedReason == nil
    }

    /// A `channel_list`: the command it follows worked, unless an error came first.
    func barrierRead() {
        let waiting: Waiting? = state.withLock { state in
            state.barriersRead += 1
            guard let waiting = state.waiting, waiting.barrier == state.barriersRead else { return nil }
            state.waiting = nil
            switch waiting.change {
            case .unchanged: break
            case .becomes(let room): state.channel = room
            case .none: state.channel = nil
            }
            return waiting
        }
        waiting?.continuation.resume(returning: nil)
    }

    /// An `error`: the waiting command failed if it is of `errorType` and
    /// its `channel_list` has not come yet. False when it is not the waiting command's.
    func refuse(errorType: String, reason: String) -> Bool {
        finish(failure: reason) { $0.errorType == errorType }
    }

    /// The command or its `channels` could not be sent.
    func sendFailed(_ reason: String) {
        _ = finish(failure: reason) { _ in true }
    }

    /// The connection ended: the waiting command fails, and any later one at once.
    func close(reason: String) {
        state.withLock { state in
            if state.closedReason == nil { state.closedReason = reason }
        }
        _ = finish(failure: reason) { _ in true }
    }

    private func finish(failure: String, if matches: (Waiting) -> Bool) -> Bool {
        let waiting: Waiting? = state.withLock { state in
            guard let waiting = state.waiting, waiting.barrier > state.barriersRead, matches(waiting) else { return nil }
            state.waiting = nil
            return waiting
        }
        waiting?.continuation.resume(returning: failure)
        return waiting != nil
    }
}
