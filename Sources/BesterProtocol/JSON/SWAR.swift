/// Byte tests eight at a time on a `UInt64` ("SIMD within a register"),
/// used by the JSON parser and serializer to skip plain string bytes fast.
///
/// Words are loaded little-endian, so byte `i` of the input is bits
/// `8i..<8i+8`. The tests set a byte's high bit when it matches; a match can
/// make a byte above it look like one too (a borrow carries upwards), so
/// only the lowest flagged byte is certain, which is the one wanted.
enum SWAR {
    static let lowBits: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of each byte of `word` that is (or, above the lowest, may be) zero.
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- lowBits) & ~word & highBits
    }

    /// The high bit of each byte of `word` that is (or, above the lowest,
    /// may be) `"`, `\` or below 0x20: the bytes a JSON string cannot hold
    /// unescaped. Zero when there is none.
    @inline(__always)
    static func stringDelimiters(_ word: UInt64) -> UInt64 {
        let control = (word &- 0x2020_2020_2020_2020) & ~word & highBits
        return control | zeroBytes(word ^ 0x2222_2222_2222_2222) | zeroBytes(word ^ 0x5C5C_5C5C_5C5C_5C5C)
    }

    /// Index (0 to 7) of the first flagged byte of a non-zero mask.
    @inline(__always)
    static func firstFlaggedByte(_ mask: UInt64) -> Int {
        mask.trailingZeroBitCount >> 3
    }

    /// The bytes of `word` before byte `count` (0 to 7), the rest zeroed.
    @inline(__always)
    static func bytes(of word: UInt64, before count: Int) -> UInt64 {
        word & ((1 &<< UInt64(count &* 8)) &- 1)
    }
}
