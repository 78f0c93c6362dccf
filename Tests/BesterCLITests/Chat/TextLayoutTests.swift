@testable import bester_cli
import Testing

extension StyledText {
    /// The text without styles.
    var plain: String { String(cells.map(\.character)) }
}

@Suite struct TextLayoutTests {
    @Test func displayWidths() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("café") == 4)
        #expect(DisplayWidth.of("cafe\u{301}") == 4)
        #expect(DisplayWidth.of("中文") == 4)
        #expect(DisplayWidth.of("😀!") == 3)
        #expect(DisplayWidth.prefix("中文x", columns: 3) == "中")
        #expect(DisplayWidth.prefix("ab", columns: 4) == "ab")
    }

    @Test func controlCharactersFromTheNetworkAreShownNotObeyed() {
        #expect(SafeText.clean("red \u{1B}[31mtext\u{07}") == "red ^[[31mtext^G")
        #expect(SafeText.clean("two\r\nlines\tand\u{7F}\u{9B}") == "two\nlines and^?\u{FFFD}")
        #expect(SafeText.oneLine("a\nb") == "a b")
        #expect(SafeText.clean("plain é 中") == "plain é 中")
        // A right-to-left override would show "txt.exe" as "exe.txt"; right-to-left text itself is untouched.
        #expect(SafeText.clean("file\u{202E}txt.exe\u{2069} שלום") == "file<U+202E>txt.exe<U+2069> שלום")
    }

    @Test func wrappingBreaksAtSpacesAndIndentsContinuations() {
        let text = StyledText([("12:00 ", .timestamp), ("one two three four", .plain)])
        #expect(text.wrapped(width: 14, indent: 6).map(\.plain) == ["12:00 one two", "      three", "      four"])
        // A word longer than a row is cut; line breaks are kept.
        let long = StyledText([("abcdefghij\nk", .plain)])
        #expect(long.wrapped(width: 4, indent: 0).map(\.plain) == ["abcd", "efgh", "ij", "k"])
        // Wide characters count twice.
        #expect(StyledText([("中文中文", .plain)]).wrapped(width: 5, indent: 0).map(\.plain) == ["中文", "中文"])
    }

    @Test func renderingPadsToTheWidthAndStylesRuns() {
        let colour = ChatStyle(usesColour: true, usesUnicode: true)
        let text = StyledText([("12:00 ", .timestamp), ("hi", .plain)])
        #expect(text.rendered(colour, width: 10) == "\u{1B}[90m12:00 \u{1B}[0mhi  ")
        #expect(text.rendered(colour, width: 4) == "\u{1B}[90m12:0\u{1B}[0m")
        let plain = ChatStyle(usesColour: false, usesUnicode: false)
        #expect(text.rendered(plain, width: 10) == "12:00 hi  ")
        // Bars keep their background to the end.
        #expect(StyledText([("bar", .bar)]).rendered(plain, width: 5) == "\u{1B}[7mbar  \u{1B}[0m")
    }

    @Test func coloursFollowTheTerminalAndTheUsersWish() {
        let xterm = ["TERM": "xterm-256color", "LANG": "en_US.UTF-8"]
        #expect(ChatStyle.detect(environment: xterm, noColorFlag: false) == ChatStyle(usesColour: true, usesUnicode: true))
        #expect(!ChatStyle.detect(environment: xterm, noColorFlag: true).usesColour)
        #expect(!ChatStyle.detect(environment: xterm.merging(["NO_COLOR": "1"]) { $1 }, noColorFlag: false).usesColour)
        #expect(ChatStyle.detect(environment: xterm.merging(["NO_COLOR": ""]) { $1 }, noColorFlag: false).usesColour)
        #expect(!ChatStyle.detect(environment: ["TERM": "vt100"], noColorFlag: false).usesColour)
        #expect(ChatStyle.detect(environment: ["TERM": "screen"], noColorFlag: false).usesColour)
        #expect(!ChatStyle.detect(environment: ["TERM": "screen", "LC_ALL": "C"], noColorFlag: false).usesUnicode)
        #expect(ChatStyle.detect(environment: ["LC_CTYPE": "C.utf8"], noColorFlag: false).usesUnicode)
    }
}
