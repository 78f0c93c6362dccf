/// One key press, as decoded from the bytes a terminal sends.
enum Key: Equatable, Sendable {
    /// Text to insert: one Unicode scalar (a combining mark joins the
    /// character before it when inserted).
    case text(Unicode.Scalar)
    case enter
    case backspace
    case delete
    case tab
    case left
    case right
    case up
    case down
    case home
    case end
    case pageUp
    case pageDown
    /// Ctrl and a letter, named by the lowercase letter (`.control("a")` is Ctrl-A).
    case control(Character)
    /// Escape alone, or a sequence this client does not know.
    case escape
}
