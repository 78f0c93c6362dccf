/// `text` left-aligned in a column `width` characters wide, followed by at
/// least one space, for the scenarios' tables.
func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(1, width - text.count))
}
