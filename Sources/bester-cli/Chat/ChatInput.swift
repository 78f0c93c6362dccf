/// A line typed into the chat, understood: a slash command, or text for
/// the current room.
enum ChatInput: Equatable {
    /// Text for the current room.
    case say(String)
    /// `/join ROOM`: join (or create) a room and switch to it.
    case join(String)
    /// `/leave [ROOM]`: leave a room (the current one without a name).
    case leave(String?)
    /// `/msg USER text`: a private message.
    case whisper(to: String, text: String)
    /// `/rooms`: the rooms on the server.
    case rooms
    /// `/nick NAME`: a new nickname.
    case nick(String)
    /// `/help`: the commands and keys.
    case help
    /// `/quit`: leave the chat.
    case quit

    /// What a command line lacks, said as its usage.
    struct Problem: Error, Equatable {
        let message: String
    }

    /// The commands, for `/help`: how each is typed and what it does.
    static let commands: [(usage: String, summary: String)] = [
        ("/join ROOM", "join a room (created if new) and switch to it"),
        ("/leave [ROOM]", "leave a room (the current one without a name)"),
        ("/msg USER TEXT", "send USER a private message"),
        ("/rooms", "list the rooms on the server"),
        ("/nick NAME", "change your nickname (ChatMaster guests)"),
        ("/help", "show this help"),
        ("/quit", "leave the chat (Ctrl-C and Ctrl-D on an empty line too)"),
        ("//TEXT", "say TEXT starting with one '/'"),
    ]

    /// Understands `line`; nil for a blank line.
    static func parse(_ line: String) throws(Problem) -> ChatInput? {
        guard !line.allSatisfy(\.isWhitespace) else { return nil }
        guard line.hasPrefix("/") else { return .say(line) }
        if line.hasPrefix("//") { return .say(String(line.dropFirst())) }
        let body = line.dropFirst()
        let name = body.prefix { !$0.isWhitespace }
        let argument = body.dropFirst(name.count).trimmingWhitespace()
        switch name.lowercased() {
        case "join", "j":
            guard !argument.isEmpty else { throw Problem(message: "usage: /join ROOM") }
            return .join(argument)
        case "leave", "part":
            return .leave(argument.isEmpty ? nil : argument)
        case "msg", "whisper", "w":
            let user = argument.prefix { !$0.isWhitespace }
            let text = argument.dropFirst(user.count).trimmingWhitespace()
            guard !user.isEmpty, !text.isEmpty else { throw Problem(message: "usage: /msg USER TEXT") }
            return .whisper(to: String(user), text: text)
        case "rooms", "list":
            guard argument.isEmpty else { throw Problem(message: "usage: /rooms (it takes nothing after it)") }
            return .rooms
        case "nick":
            guard !argument.isEmpty, !argument.contains(where: \.isWhitespace) else {
                throw Problem(message: "usage: /nick NAME (one word)")
            }
            return .nick(argument)
        case "help", "?": return .help
        case "quit", "exit", "q": return .quit
        default:
            throw Problem(message: "unknown command /\(name); /help lists the commands")
        }
    }
}

extension StringProtocol {
    /// The text without whitespace at either end.
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
