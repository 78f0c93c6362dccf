/// Text from the network made safe to print on a terminal: a control
/// character could move the cursor, change colours or retitle the window,
/// so each is shown in caret notation (`^[` for escape) instead. The
/// bidirectional embeddings, overrides and isolates (U+202A to U+202E,
/// U+2066 to U+2069) are shown by their code (`<U+202E>`): they reorder what
/// follows them, so a line could display other than what was sent.
enum SafeText {
    /// `text` with control characters made visible; line breaks become
    /// `\n` (the log wraps there) and tabs become spaces.
    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsCleaning) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: result.append(scalar)
            case 0x09: result.append(" ")
            case 0x0D: break
            case 0x00..<0x20: result.append(contentsOf: "^\(Character(Unicode.Scalar(UInt8(scalar.value) + 0x40)))".unicodeScalars)
            case 0x7F: result.append(contentsOf: "^?".unicodeScalars)
            case 0x80..<0xA0: result.append("\u{FFFD}")
            case _ where isBidirectionalControl(scalar):
                result.append(contentsOf: "<U+\(String(scalar.value, radix: 16, uppercase: true))>".unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// `text` on one line: line breaks shown as spaces too.
    static func oneLine(_ text: String) -> String {
        clean(text).replacingNewlines()
    }

    private static func needsCleaning(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) || isBidirectionalControl(scalar)
    }

    /// The embeddings and overrides (U+202A to U+202E) and the isolates (U+2066 to U+2069).
    private static func isBidirectionalControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}

private extension String {
    func replacingNewlines() -> String {
        String(map { $0 == "\n" ? " " : $0 })
    }
}
