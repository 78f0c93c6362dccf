/// One line of a room's log, its text already safe to print.
struct ChatLogEntry: Equatable {
    /// What the line is.
    enum Kind: Equatable {
        /// A room message; `isOwn` for the user's own.
        case message(from: String, isOwn: Bool)
        /// A private message received.
        case whisper(from: String)
        /// A private message sent.
        case whisperSent(to: String)
        /// Someone came or went.
        case presence
        /// The client or the server telling something.
        case info
        /// Something failed.
        case error
    }

    /// `HH:MM`.
    var time: String
    var kind: Kind
    var text: String

    /// Creates an entry; `text` and names from the network are cleaned of
    /// control characters here.
    init(time: String, kind: Kind, text: String) {
        self.time = time
        switch kind {
        case .message(let from, let isOwn): self.kind = .message(from: SafeText.oneLine(from), isOwn: isOwn)
        case .whisper(let from): self.kind = .whisper(from: SafeText.oneLine(from))
        case .whisperSent(let to): self.kind = .whisperSent(to: SafeText.oneLine(to))
        case .presence, .info, .error: self.kind = kind
        }
        self.text = SafeText.clean(text)
    }

    /// The line as styled text: `HH:MM <alice> hello`, `HH:MM *bob* psst`,
    /// `HH:MM -- bob joined`, `HH:MM !! no such room: 'x'`.
    var styled: StyledText {
        var line = StyledText()
        line.append(time + " ", .timestamp)
        switch kind {
        case .message(let from, let isOwn):
            line.append("<\(from)>", isOwn ? .ownNick : .nick(from))
            line.append(" " + text, .plain)
        case .whisper(let from):
            line.append("*\(from)* " + text, .whisper)
        case .whisperSent(let to):
            line.append("-> *\(to)* " + text, .whisper)
        case .presence:
            line.append("-- " + text, .presence)
        case .info:
            line.append("-- " + text, .info)
        case .error:
            line.append("!! " + text, .error)
        }
        return line
    }

    /// Continuation rows of a wrapped line start under the text, past the time.
    static let wrapIndent = 6
}
