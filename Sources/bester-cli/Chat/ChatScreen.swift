/// Lays out the chat screen, a pure function of the state:
///
/// ```
///  bester-cli chat · Bester · alice on 127.0.0.1:2223          title bar
/// 12:01 -- you are in general               │ Rooms
/// 12:02 <bob> hi alice                      │>#general
/// 12:02 <alice> hello bob                   │ #rust 2             log │ room list
///  #general · alice · connected        PgUp/PgDn scroll · /help   status bar
/// [#general] typed text_                                          input line
/// ```
///
/// The room list is left out on narrow terminals (under 60 columns).
enum ChatScreen {
    /// One screenful: each row exactly as wide as the terminal (escape
    /// sequences included), and where the cursor goes (1-based).
    struct Frame: Equatable {
        var rows: [String]
        var cursorRow: Int
        var cursorColumn: Int
    }

    /// The smallest terminal the chat can be drawn on.
    static let minimumSize = (rows: 6, columns: 24)

    /// Draws `state` with `input` on the input line.
    static func render(_ state: ChatState, input: LineEditor, rows: Int, columns: Int, style: ChatStyle) -> Frame {
        guard rows >= minimumSize.rows, columns >= minimumSize.columns else {
            let message = StyledText([("terminal too small", .plain)]).rendered(style, width: columns)
            return Frame(rows: [message] + Array(repeating: String(repeating: " ", count: columns), count: max(rows - 1, 0)),
                         cursorRow: 1, cursorColumn: 1)
        }
        let bodyRows = rows - 3
        let listWidth = columns >= 60 ? min(24, max(14, columns / 5)) : 0
        // A column of space keeps the log off the line between the panes.
        let logWidth = listWidth > 0 ? columns - listWidth - 2 : columns
        let log = logRows(state.shownRoom, width: logWidth, height: bodyRows, style: style)
        let list = roomListRows(state, width: listWidth, height: bodyRows, style: style)
        var lines = [titleBar(state, columns: columns, style: style)]
        for index in 0..<bodyRows {
            lines.append(listWidth > 0 ? log[index] + " " + style.apply(.separator, style.verticalLine) + list[index] : log[index])
        }
        lines.append(statusBar(state, columns: columns, style: style))
        let (inputLine, cursorColumn) = inputRow(state, input: input, columns: columns, style: style)
        lines.append(inputLine)
        return Frame(rows: lines, cursorRow: rows, cursorColumn: cursorColumn)
    }

    private static func titleBar(_ state: ChatState, columns: Int, style: ChatStyle) -> String {
        let dot = style.usesUnicode ? " \u{00B7} " : " - "
        let title = " bester-cli chat" + dot + state.protocolName + dot + SafeText.oneLine(state.nickname) + " on " + state.server
        return StyledText([(title, .bar)]).rendered(style, width: columns)
    }

    /// The shown log's last lines, wrapped, from the top; scrolled back by
    /// the room's `scrollback` lines.
    private static func logRows(_ room: ChatState.Room, width: Int, height: Int, style: ChatStyle) -> [String] {
        var rows: [StyledText] = []
        var index = room.log.count - 1 - room.scrollback
        while index >= 0, rows.count < height {
            rows.insert(contentsOf: room.log[index].styled.wrapped(width: width, indent: ChatLogEntry.wrapIndent), at: 0)
            index -= 1
        }
        if rows.count > height { rows.removeFirst(rows.count - height) }
        let blank = String(repeating: " ", count: width)
        return rows.map { $0.rendered(style, width: width) } + Array(repeating: blank, count: height - rows.count)
    }

    /// `Rooms`, then each room; the current one highlighted, unread counts after the names.
    private static func roomListRows(_ state: ChatState, width: Int, height: Int, style: ChatStyle) -> [String] {
        guard width > 0 else { return Array(repeating: "", count: height) }
        var rows = [StyledText([(" Rooms", .prompt)])]
        let shown = state.rooms.count <= height - 1 ? state.rooms.count : height - 2
        for (index, room) in state.rooms.prefix(shown).enumerated() {
            var row = StyledText()
            if index == state.currentIndex {
                row.append(">#" + SafeText.oneLine(room.name), .currentRoom)
            } else {
                row.append(" #" + SafeText.oneLine(room.name), .plain)
                if room.unread > 0 { row.append(" \(room.unread)", .unread) }
            }
            rows.append(row)
        }
        if shown < state.rooms.count { rows.append(StyledText([(" +\(state.rooms.count - shown) more", .info)])) }
        let blank = String(repeating: " ", count: width)
        return rows.map { $0.rendered(style, width: width) } + Array(repeating: blank, count: max(height - rows.count, 0))
    }

    private static func statusBar(_ state: ChatState, columns: Int, style: ChatStyle) -> String {
        let dot = style.usesUnicode ? " \u{00B7} " : " - "
        var left = " " + (state.currentRoom.map { "#" + SafeText.oneLine($0) } ?? "no room") + dot + SafeText.oneLine(state.nickname) + dot
        switch state.connection {
        case .connected: left += "connected"
        case .disconnected: left += "DISCONNECTED"
        }
        let scrollback = state.shownRoom.scrollback
        let right = (scrollback > 0 ? "\(scrollback) newer below" + dot : "") + "PgUp/PgDn scroll" + dot + "/help "
        let gap = columns - DisplayWidth.of(left) - DisplayWidth.of(right)
        let text = gap > 0 ? left + String(repeating: " ", count: gap) + right : left
        return StyledText([(text, .bar)]).rendered(style, width: columns)
    }

    /// `[#room] text`, scrolled sideways to keep the cursor in view; never
    /// writes the last column (some terminals scroll when it is written).
    private static func inputRow(_ state: ChatState, input: LineEditor, columns: Int, style: ChatStyle) -> (String, Int) {
        let room = state.currentRoom.map { "#" + SafeText.oneLine($0) } ?? "no room"
        let prompt = DisplayWidth.prefix("[" + room + "]", columns: columns / 3) + " "
        let promptWidth = DisplayWidth.of(prompt)
        let available = columns - promptWidth - 1
        let characters = input.characters.map { SafeText.oneLine(String($0)) }
        var start = 0
        var beforeCursor = characters[..<input.cursor].reduce(0) { $0 + DisplayWidth.of($1) }
        while beforeCursor > available, start < input.cursor {
            beforeCursor -= DisplayWidth.of(characters[start])
            start += 1
        }
        var shown = ""
        var used = 0
        for character in characters[start...] {
            let width = DisplayWidth.of(character)
            guard used + width <= available else { break }
            shown += character
            used += width
        }
        let line = style.apply(.prompt, prompt) + shown + "\u{1B}[K"
        return (line, promptWidth + beforeCursor + 1)
    }
}
