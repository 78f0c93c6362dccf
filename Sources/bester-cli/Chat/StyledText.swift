/// Text in runs of one ``ChatStyle/Role`` each, which can be wrapped to a
/// width and rendered with escape sequences.
struct StyledText: Equatable {
    /// One character and how it looks.
    struct Cell: Equatable {
        var character: Character
        var role: ChatStyle.Role
    }

    private(set) var cells: [Cell] = []

    /// Creates text from runs.
    init(_ runs: [(String, ChatStyle.Role)] = []) {
        for (text, role) in runs { append(text, role) }
    }

    /// Adds `text` shown as `role`.
    mutating func append(_ text: String, _ role: ChatStyle.Role) {
        cells.append(contentsOf: text.map { Cell(character: $0, role: role) })
    }

    /// Rows of at most `width` columns: breaks at spaces where it can, at
    /// `\n` always; rows after the first start with `indent` spaces.
    func wrapped(width: Int, indent: Int) -> [StyledText] {
        let indent = indent * 2 < width ? indent : 0
        var rows: [StyledText] = []
        var row = StyledText()
        var used = 0
        func startRow() {
            // The spaces a row was broken at are dropped with the break.
            while row.cells.count > (rows.isEmpty ? 0 : indent), row.cells.last?.character == " " { row.cells.removeLast() }
            rows.append(row)
            row = StyledText([(String(repeating: " ", count: indent), .plain)])
            used = indent
        }
        func add(_ cell: Cell) {
            let columns = DisplayWidth.of(cell.character)
            if used + columns > width, used > indent { startRow() }
            row.cells.append(cell)
            used += columns
        }
        for token in tokens() {
            switch token {
            case .lineBreak:
                startRow()
            case .spaces(let spaces):
                // A wrapped row does not start with the spaces it broke at.
                if used == indent, !rows.isEmpty { continue }
                for cell in spaces {
                    guard used < width else { break }
                    add(cell)
                }
            case .word(let word, let columns):
                if used + columns > width, columns <= width - indent, used > indent { startRow() }
                for cell in word { add(cell) }
            }
        }
        rows.append(row)
        return rows
    }

    /// The text with escape sequences, cut or padded with spaces to exactly `width` columns.
    func rendered(_ style: ChatStyle, width: Int) -> String {
        var output = ""
        var used = 0
        var current: ChatStyle.Role = .plain
        var styled = false
        for cell in cells {
            let columns = DisplayWidth.of(cell.character)
            guard used + columns <= width else { break }
            if cell.role != current {
                if styled { output += ChatStyle.reset }
                let start = style.start(cell.role)
                output += start
                styled = !start.isEmpty
                current = cell.role
            }
            output.append(cell.character)
            used += columns
        }
        if used < width {
            // Padding keeps a bar's background; other roles end first.
            if styled, current != .bar, current != .currentRoom {
                output += ChatStyle.reset
                styled = false
            }
            output += String(repeating: " ", count: width - used)
        }
        if styled { output += ChatStyle.reset }
        return output
    }

    private enum Token {
        case lineBreak
        case spaces([Cell])
        case word([Cell], columns: Int)
    }

    /// Words, runs of spaces and line breaks.
    private func tokens() -> [Token] {
        var tokens: [Token] = []
        var index = 0
        while index < cells.count {
            let character = cells[index].character
            if character == "\n" {
                tokens.append(.lineBreak)
                index += 1
                continue
            }
            let isSpace = character == " "
            var end = index
            var columns = 0
            while end < cells.count, cells[end].character != "\n", (cells[end].character == " ") == isSpace {
                columns += DisplayWidth.of(cells[end].character)
                end += 1
            }
            let run = Array(cells[index..<end])
            tokens.append(isSpace ? .spaces(run) : .word(run, columns: columns))
            index = end
        }
        return tokens
    }
}
