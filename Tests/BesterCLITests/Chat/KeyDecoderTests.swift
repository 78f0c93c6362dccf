@testable import bester_cli
import Testing

@Suite struct KeyDecoderTests {
    @Test func printableTextControlKeysAndLineEnds() {
        var decoder = KeyDecoder()
        #expect(decoder.decode(Array("hi".utf8) + [0x0D, 0x7F, 0x08, 0x01, 0x17, 0x03, 0x09]) == [
            .text("h"), .text("i"), .enter, .backspace, .backspace, .control("a"), .control("w"), .control("c"), .tab,
        ])
        // A pasted CRLF is one Enter; a lone LF is one too.
        #expect(decoder.decode([0x0D, 0x0A, 0x0A]) == [.enter, .enter])
    }

    @Test func utf8CharactersSplitAcrossReads() {
        var decoder = KeyDecoder()
        let bytes = Array("é中😀".utf8)
        var keys: [Key] = []
        for byte in bytes { keys += decoder.decode([byte]) }
        #expect(keys == [.text("é"), .text("中"), .text("😀")])
        // Invalid bytes are skipped; what follows them is kept.
        #expect(decoder.decode([0xFF, 0xC3, 0x41]) == [.text("A")])
    }

    @Test func escapeSequencesWholeAndSplit() {
        var decoder = KeyDecoder()
        let sequences: [([UInt8], Key)] = [
            (Array("\u{1B}[A".utf8), .up), (Array("\u{1B}[B".utf8), .down), (Array("\u{1B}[C".utf8), .right),
            (Array("\u{1B}[D".utf8), .left), (Array("\u{1B}[H".utf8), .home), (Array("\u{1B}OF".utf8), .end),
            (Array("\u{1B}[3~".utf8), .delete), (Array("\u{1B}[5~".utf8), .pageUp), (Array("\u{1B}[6~".utf8), .pageDown),
            (Array("\u{1B}[1;5C".utf8), .right), (Array("\u{1B}[1~".utf8), .home), (Array("\u{1B}[4~".utf8), .end),
        ]
        for (bytes, key) in sequences {
            #expect(decoder.decode(bytes) == [key])
        }
        #expect(decoder.decode(Array("\u{1B}[".utf8)) == [])
        #expect(decoder.decode(Array("5~x".utf8)) == [.pageUp, .text("x")])
        // Escape followed by an ordinary key is Escape, then the key.
        #expect(decoder.decode([0x1B]) == [])
        #expect(decoder.decode(Array("q".utf8)) == [.escape, .text("q")])
    }
}
