enum HelpFormatting {
    /// One help row: the name padded to a column, then the text.
    static func row(_ name: String, _ text: String) -> String {
        let padded = "  " + name
        let column = 28
        if padded.count < column - 1 {
            return padded + String(repeating: " ", count: column - padded.count) + text
        }
        return padded + "\n" + String(repeating: " ", count: column) + text
    }
}
