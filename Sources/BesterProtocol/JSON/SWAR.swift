/// Byte tests eight at a time on a `UInt64` ("SIMD within a register"),
/// used by the JSON parser and serializer to skip plain string bytes fast.
enum SWAR {
    static let lowBits: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// True when some byte of `word` is zero. Exact as a yes/no answer.
    @inline(__always)
    static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- lowBits) & ~word & highBits != 0
    }

    /// True when some byte of `word` is `"`, `\` or below 0x20: the bytes a
    /// JSON string cannot hold unescaped.
    @inline(__always)
    static func hasStringDelimiter(_ word: UInt64) -> Bool {
        let control = (word &- 0x2020_2020_2020_2020) & ~word & highBits
        return control != 0
            || hasZeroByte(word ^ 0x2222_2222_2222_2222)
            || hasZeroByte(word ^ 0x5C5C_5C5C_5C5C_5C5C)
    }
}
