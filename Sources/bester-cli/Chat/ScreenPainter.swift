/// Turns frames into what is written to the terminal: only the rows that
/// changed since the last frame, cursor hidden meanwhile, all in one write.
struct ScreenPainter {
    private var previous: [String] = []

    /// The output that changes the screen from the last frame to `frame`;
    /// `everything` clears and redraws every row (after a resize, Ctrl-L,
    /// or coming back from Ctrl-Z).
    mutating func paint(_ frame: ChatScreen.Frame, everything: Bool = false) -> String {
        var output = "\u{1B}[?25l"
        if everything || previous.count != frame.rows.count {
            output += "\u{1B}[0m\u{1B}[2J"
            previous = []
        }
        for (index, row) in frame.rows.enumerated() where index >= previous.count || previous[index] != row {
            output += "\u{1B}[\(index + 1);1H" + row
        }
        output += "\u{1B}[\(frame.cursorRow);\(frame.cursorColumn)H\u{1B}[?25h"
        previous = frame.rows
        return output
    }
}
