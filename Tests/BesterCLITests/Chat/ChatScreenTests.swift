@testable import bester_cli
import Testing

@Suite struct ChatScreenTests {
    private let plain = ChatStyle(usesColour: false, usesUnicode: false)

    /// The rows without escape sequences.
    private func visible(_ frame: ChatScreen.Frame) -> [String] {
        frame.rows.map { row in
            var text = ""
            var inEscape = false
            for character in row {
                if character == "\u{1B}" {
                    inEscape = true
                } else if inEscape {
                    if character.isLetter { inEscape = false }
                } else {
                    text.append(character)
                }
            }
            return text
        }
    }

    private func state() -> ChatState {
        var state = ChatState(nickname: "alice", protocolName: "Bester", server: "127.0.0.1:2223")
        state.addRoom("general")
        state.addRoom("rust")
        state.switchTo("general")
        state.log(.message(from: "bob", isOwn: false), "hi alice, how are things on your side today?", in: "general", time: "12:01")
        state.log(.message(from: "alice", isOwn: true), "fine", in: "general", time: "12:02")
        state.log(.message(from: "bob", isOwn: false), "unread", in: "rust", time: "12:03")
        return state
    }

    @Test func theLayoutAtSixtyColumns() {
        var input = LineEditor()
        input.type("typing")
        let frame = ChatScreen.render(state(), input: input, rows: 8, columns: 60, style: plain)
        #expect(visible(frame) == [
            " bester-cli chat - Bester - alice on 127.0.0.1:2223         ",
            "12:01 <bob> hi alice, how are things on your | Rooms        ",
            "      side today?                            |>#general     ",
            "12:02 <alice> fine                           | #rust 1      ",
            "                                             |              ",
            "                                             |              ",
            " #general - alice - connected      PgUp/PgDn scroll - /help ",
            "[#general] typing",
        ])
        #expect(frame.cursorRow == 8 && frame.cursorColumn == 18)
    }

    @Test func narrowTerminalsHaveNoRoomListAndTinyOnesAreTold() {
        let frame = ChatScreen.render(state(), input: LineEditor(), rows: 6, columns: 30, style: plain)
        // The newest rows that fit: the first row of the oldest line is out of view.
        #expect(visible(frame)[1...3] == ["      things on your side     ", "      today?                  ", "12:02 <alice> fine            "])
        let tiny = ChatScreen.render(state(), input: LineEditor(), rows: 3, columns: 10, style: plain)
        #expect(visible(tiny)[0] == "terminal t")
    }

    @Test func theInputScrollsSidewaysToKeepTheCursorInView() {
        var input = LineEditor()
        input.type("abcdefghijklmnopqrstuvwxyz0123456789")
        let frame = ChatScreen.render(state(), input: input, rows: 6, columns: 30, style: plain)
        // "[#general] " takes 11 columns; 18 are left for text, the last column stays free.
        #expect(visible(frame)[5] == "[#general] klmnopqrstuvwxyz0123456789".prefix(11) + "stuvwxyz0123456789")
        #expect(frame.cursorColumn == 30)
        for _ in 0..<36 { _ = input.handle(.left) }
        let home = ChatScreen.render(state(), input: input, rows: 6, columns: 30, style: plain)
        #expect(visible(home)[5] == "[#general] abcdefghijklmnopqr")
        #expect(home.cursorColumn == 12)
    }

    @Test func everyRowButTheInputIsExactlyAsWideAsTheTerminal() {
        let colour = ChatStyle(usesColour: true, usesUnicode: true)
        var wide = state()
        wide.log(.message(from: "李", isOwn: false), "中文中文中文中文中文中文中文中文中文中文中文 😀😀😀", in: "general", time: "12:04")
        for columns in [24, 59, 60, 61, 80, 133] {
            let frame = ChatScreen.render(wide, input: LineEditor(), rows: 10, columns: columns, style: colour)
            for row in visible(frame).dropLast() {
                #expect(DisplayWidth.of(row) == columns, "\(columns) columns: '\(row)'")
            }
        }
    }

    @Test func thePainterRewritesOnlyTheRowsThatChanged() {
        var painter = ScreenPainter()
        let first = ChatScreen.Frame(rows: ["a", "b", "c"], cursorRow: 3, cursorColumn: 1)
        #expect(painter.paint(first) == "\u{1B}[?25l\u{1B}[0m\u{1B}[2J\u{1B}[1;1Ha\u{1B}[2;1Hb\u{1B}[3;1Hc\u{1B}[3;1H\u{1B}[?25h")
        let second = ChatScreen.Frame(rows: ["a", "B", "c"], cursorRow: 3, cursorColumn: 2)
        #expect(painter.paint(second) == "\u{1B}[?25l\u{1B}[2;1HB\u{1B}[3;2H\u{1B}[?25h")
        #expect(painter.paint(second, everything: true).contains("\u{1B}[2J\u{1B}[1;1Ha"))
    }
}
