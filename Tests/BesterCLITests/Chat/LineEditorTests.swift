@testable import bester_cli
import Testing

@Suite struct LineEditorTests {
    @Test func typingMovingAndErasing() {
        var editor = LineEditor()
        editor.type("hello world")
        #expect(editor.text == "hello world" && editor.cursor == 11)
        _ = editor.handle(.control("w"))
        #expect(editor.text == "hello " && editor.cursor == 6)
        _ = editor.handle(.control("a"))
        editor.type(">")
        #expect(editor.text == ">hello " && editor.cursor == 1)
        _ = editor.handle(.right)
        _ = editor.handle(.backspace)
        #expect(editor.text == ">ello ")
        _ = editor.handle(.delete)
        #expect(editor.text == ">llo " && editor.cursor == 1)
        _ = editor.handle(.control("k"))
        #expect(editor.text == ">")
        _ = editor.handle(.control("e"))
        editor.type("abc")
        _ = editor.handle(.left)
        _ = editor.handle(.control("u"))
        #expect(editor.text == "c" && editor.cursor == 0)
        // At the edges, keys do nothing.
        _ = editor.handle(.backspace)
        _ = editor.handle(.left)
        #expect(editor.text == "c" && editor.cursor == 0)
    }

    @Test func combiningMarksJoinTheCharacterBeforeThem() {
        var editor = LineEditor()
        editor.type("cafe\u{301} 中")
        #expect(editor.characters.count == 6)
        #expect(editor.text == "café 中")
        _ = editor.handle(.left)
        _ = editor.handle(.left)
        _ = editor.handle(.backspace)
        #expect(editor.text == "caf 中")
    }

    @Test func enterSubmitsAndUpDownWalkTheHistory() {
        var editor = LineEditor()
        editor.type("first")
        #expect(editor.handle(.enter) == .submitted("first"))
        #expect(editor.text.isEmpty)
        editor.type("second")
        #expect(editor.handle(.enter) == .submitted("second"))
        editor.type("draft")
        _ = editor.handle(.up)
        #expect(editor.text == "second")
        _ = editor.handle(.up)
        _ = editor.handle(.up)
        #expect(editor.text == "first")
        _ = editor.handle(.down)
        #expect(editor.text == "second")
        _ = editor.handle(.down)
        #expect(editor.text == "draft" && editor.cursor == 5)
        // Blank lines and repeats stay out of the history.
        _ = editor.handle(.control("u"))
        #expect(editor.handle(.enter) == .submitted(""))
        editor.type("second")
        _ = editor.handle(.enter)
        _ = editor.handle(.up)
        _ = editor.handle(.up)
        #expect(editor.text == "first")
    }

    @Test func keysForTheScreenAreLeftToIt() {
        var editor = LineEditor()
        for key in [Key.pageUp, .pageDown, .control("c"), .control("n"), .control("l"), .tab, .escape] {
            #expect(editor.handle(key) == nil)
        }
    }

    @Test func theHistoryIsBounded() {
        var editor = LineEditor(historyLimit: 2)
        for line in ["a", "b", "c"] {
            editor.type(line)
            _ = editor.handle(.enter)
        }
        for _ in 0..<5 { _ = editor.handle(.up) }
        #expect(editor.text == "b")
    }
}

extension LineEditor {
    /// Types `text`, one key per Unicode scalar.
    mutating func type(_ text: String) {
        for scalar in text.unicodeScalars { _ = handle(.text(scalar)) }
    }
}
