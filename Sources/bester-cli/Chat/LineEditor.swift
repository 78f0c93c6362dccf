/// The input line: the text being typed, the cursor, and the lines sent
/// before (Up and Down bring them back).
///
/// Keys: printable text (any script), Backspace, Delete, Left/Right
/// (Ctrl-B/Ctrl-F), Home/End (Ctrl-A/Ctrl-E), Ctrl-U (erase to the start),
/// Ctrl-K (erase to the end), Ctrl-W (erase the word before the cursor),
/// Enter (submit).
struct LineEditor {
    /// What a key did.
    enum Outcome: Equatable {
        /// The text or the cursor changed (or nothing did).
        case edited
        /// Enter: the line typed, now cleared and kept in the history.
        case submitted(String)
    }

    /// The text, as characters (grapheme clusters).
    private(set) var characters: [Character] = []
    /// Where the cursor is, in characters from the start.
    private(set) var cursor = 0
    private var history: [String] = []
    /// While going through the history, which entry is shown.
    private var historyPosition: Int?
    /// The line being typed before going up into the history.
    private var draft: [Character] = []
    private let historyLimit: Int

    /// Creates an empty editor keeping up to `historyLimit` lines.
    init(historyLimit: Int = 500) {
        self.historyLimit = historyLimit
    }

    /// The text typed so far.
    var text: String { String(characters) }

    /// Applies `key`; nil when the editor has no use for it (the caller's).
    mutating func handle(_ key: Key) -> Outcome? {
        switch key {
        case .text(let scalar): insert(scalar)
        case .backspace:
            guard cursor > 0 else { return .edited }
            cursor -= 1
            characters.remove(at: cursor)
        case .delete:
            if cursor < characters.count { characters.remove(at: cursor) }
        case .left, .control("b"): cursor = max(0, cursor - 1)
        case .right, .control("f"): cursor = min(characters.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = characters.count
        case .control("u"):
            characters.removeFirst(cursor)
            cursor = 0
        case .control("k"): characters.removeLast(characters.count - cursor)
        case .control("w"): eraseWordBeforeCursor()
        case .up: showHistory(step: -1)
        case .down: showHistory(step: 1)
        case .enter: return .submitted(submit())
        default: return nil
        }
        return .edited
    }

    private mutating func insert(_ scalar: Unicode.Scalar) {
        // Re-segment the text before the cursor so that a combining mark
        // joins the character before it.
        let before = Array(String(characters[..<cursor]) + String(Character(scalar)))
        characters = before + characters[cursor...]
        cursor = before.count
    }

    /// Ctrl-W: the spaces before the cursor, then the word before them.
    private mutating func eraseWordBeforeCursor() {
        var start = cursor
        while start > 0, characters[start - 1].isWhitespace { start -= 1 }
        while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    private mutating func showHistory(step: Int) {
        guard !history.isEmpty else { return }
        let current = historyPosition ?? history.count
        let next = min(max(current + step, 0), history.count)
        guard next != current else { return }
        if historyPosition == nil { draft = characters }
        if next == history.count {
            historyPosition = nil
            characters = draft
        } else {
            historyPosition = next
            characters = Array(history[next])
        }
        cursor = characters.count
    }

    private mutating func submit() -> String {
        let line = text
        if !line.allSatisfy(\.isWhitespace), history.last != line {
            history.append(line)
            if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
        }
        characters = []
        cursor = 0
        historyPosition = nil
        draft = []
        return line
    }
}
