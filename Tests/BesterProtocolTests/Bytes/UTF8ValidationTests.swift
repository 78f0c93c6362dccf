import BesterProtocol
import Testing

@Suite struct UTF8ValidationTests {
    private func firstInvalid(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidByte(in: $0) }
    }

    @Test func acceptsWellFormedTextAtEveryLengthBoundary() {
        let text = "a\u{7F}\u{80}\u{7FF}\u{800}\u{D7FF}\u{E000}\u{FFFF}\u{10000}\u{10FFFF}"
        #expect(firstInvalid(Array(text.utf8)) == nil)
        #expect(UTF8Validation.isValid(text.utf8))
        #expect(UTF8Validation.isValid([UInt8]()))
    }

    @Test(arguments: [
        ([0x80], 0), ([0x61, 0xC2], 1), ([0xC0, 0xAF], 0), ([0xE0, 0x9F, 0xBF], 0), ([0xED, 0xA0, 0x80], 0),
        ([0xF0, 0x8F, 0xBF, 0xBF], 0), ([0xF4, 0x90, 0x80, 0x80], 0), ([0xF8, 0x88, 0x80, 0x80, 0x80], 0),
        ([0x61, 0x62, 0xE2, 0x28, 0xA1], 2), ([0xE2, 0x82, 0xAC, 0xFF], 3),
    ] as [([UInt8], Int)])
    func reportsTheFirstInvalidByte(bytes: [UInt8], offset: Int) {
        #expect(firstInvalid(bytes) == offset)
        #expect(!UTF8Validation.isValid(bytes))
    }

    @Test func appendMatchesTheStandardLibraryEncoding() {
        for value in [0, 0x41, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF] as [UInt32] {
            var bytes: [UInt8] = []
            UTF8Validation.append(scalar: value, to: &bytes)
            let expected = Unicode.Scalar(value).map { Array(String($0).utf8) }
            #expect(bytes == expected)
        }
    }
}
