/// How the chat screen looks: ANSI colours when the terminal has them, and
/// only reverse video and bold otherwise (`--no-color`, `NO_COLOR`, a
/// terminal without colours).
struct ChatStyle: Equatable {
    /// What a piece of text is, which decides how it looks.
    enum Role: Equatable {
        case plain
        case bar
        case timestamp
        case ownNick
        /// Another person's name; each name keeps one colour.
        case nick(String)
        case whisper
        case presence
        case info
        case error
        case separator
        case currentRoom
        case unread
        case prompt
    }

    /// True when colours are used.
    let usesColour: Bool
    /// True when box-drawing characters can be shown (a UTF-8 locale).
    let usesUnicode: Bool

    /// Decides from the environment: colours unless `noColorFlag`,
    /// `NO_COLOR` is set (and not empty), or `TERM` names a terminal
    /// without them; Unicode when the locale is UTF-8.
    static func detect(environment: [String: String], noColorFlag: Bool) -> ChatStyle {
        let term = environment["TERM"] ?? ""
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let colourTerminal = !(environment["COLORTERM"] ?? "").isEmpty || term.contains("color")
            || ["xterm", "screen", "tmux", "rxvt", "linux", "ansi", "cygwin", "putty", "konsole", "gnome", "alacritty",
                "kitty", "foot", "wezterm", "st", "vte"].contains { term == $0 || term.hasPrefix($0 + "-") }
        let locale = environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["LANG"] ?? ""
        let unicode = locale.uppercased().replacingDash().contains("UTF8")
        return ChatStyle(usesColour: colourTerminal && !noColor && !noColorFlag, usesUnicode: unicode)
    }

    /// The escape sequence that starts text of `role` (after a reset).
    func start(_ role: Role) -> String {
        let codes: String
        switch role {
        case .plain: return ""
        case .bar: codes = usesColour ? "1;37;44" : "7"
        case .currentRoom: codes = usesColour ? "1;30;46" : "1;7"
        case .prompt: codes = "1"
        case .unread: codes = usesColour ? "1;33" : "1"
        case .timestamp, .separator, .presence: guard usesColour else { return "" }; codes = "90"
        case .ownNick: guard usesColour else { return "" }; codes = "1;32"
        case .nick(let name): guard usesColour else { return "" }; codes = "1;" + Self.nickColour(name)
        case .whisper: guard usesColour else { return "" }; codes = "35"
        case .info: guard usesColour else { return "" }; codes = "36"
        case .error: codes = usesColour ? "1;31" : "1"
        }
        return "\u{1B}[" + codes + "m"
    }

    /// Resets every attribute.
    static let reset = "\u{1B}[0m"

    /// `text` shown as `role`.
    func apply(_ role: Role, _ text: String) -> String {
        let start = start(role)
        return start.isEmpty || text.isEmpty ? text : start + text + Self.reset
    }

    /// The vertical line between the log and the room list.
    var verticalLine: String { usesUnicode ? "\u{2502}" : "|" }

    /// One of six colours, always the same for a name (ignoring ASCII case).
    private static func nickColour(_ name: String) -> String {
        let palette = ["33", "34", "35", "36", "91", "94"]
        var hash: UInt32 = 2_166_136_261  // FNV-1a
        for byte in name.lowercased().utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        return palette[Int(hash % UInt32(palette.count))]
    }
}

private extension String {
    func replacingDash() -> String { String(filter { $0 != "-" }) }
}
