/// A request to the server that a typed line leads to, and what came of it.
/// Actions run one at a time, in the order typed, off the screen's task.
enum ChatAction: Equatable, Sendable {
    case say(String, room: String)
    case join(String)
    case leave(String)
    case focus(String)
    case whisper(to: String, text: String)
    case rooms
    case rename(String)

    /// What came of an action.
    enum Result: Equatable, Sendable {
        case sent
        case joined(String)
        case left(String)
        case focused(String)
        case whispered(to: String, WhisperReceipt)
        case rooms([ChatRoomSummary])
        case renamed(String)
        case failed(ChatAction, ChatBackendError)
    }

    /// Carries the action out.
    func perform(on backend: any ChatBackend) async -> Result {
        do throws(ChatBackendError) {
            switch self {
            case let .say(text, room):
                try await backend.say(text, in: room)
                return .sent
            case .join(let room):
                return .joined(try await backend.join(room))
            case .leave(let room):
                try await backend.leave(room)
                return .left(room)
            case .focus(let room):
                try await backend.focus(room)
                return .focused(room)
            case let .whisper(user, text):
                return .whispered(to: user, try await backend.whisper(text, to: user))
            case .rooms:
                return .rooms(try await backend.rooms())
            case .rename(let name):
                try await backend.rename(to: name)
                return .renamed(name)
            }
        } catch {
            return .failed(self, error)
        }
    }

    /// A failure of this action, as a log line.
    func failureText(_ error: ChatBackendError) -> String {
        switch self {
        // The line was shown as typed: say which one did not go.
        case .say(let text, _): return "\(Self.quoted(text)) not sent: \(error)"
        case .join(let room): return "cannot join \(room): \(error)"
        case .leave(let room): return "cannot leave \(room): \(error)"
        case .focus(let room): return "cannot switch to \(room): \(error)"
        case .whisper(let user, _): return "not sent to \(user): \(error)"
        case .rooms: return "cannot list rooms: \(error)"
        case .rename(let name): return "cannot rename to \(name): \(error)"
        }
    }

    /// The start of a typed line, quoted.
    private static func quoted(_ text: String) -> String {
        text.count <= 24 ? "\"\(text)\"" : "\"\(text.prefix(23))…\""
    }
}
