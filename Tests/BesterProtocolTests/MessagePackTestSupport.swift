// Helpers shared by the MessagePack and ChatMaster tests.

/// Bytes from a hexadecimal string; spaces are ignored.
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8.filter { $0 != UInt8(ascii: " ") })
    precondition(digits.count % 2 == 0, "odd number of hex digits in \(text)")
    func value(_ digit: UInt8) -> UInt8 {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        default: preconditionFailure("not a lower-case hex digit in \(text)")
        }
    }
    return stride(from: 0, to: digits.count, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
}

/// `bytes` cut into pieces of random sizes (1 to `maximumPiece` bytes).
func randomChunks(_ bytes: [UInt8], maximumPiece: Int, using generator: inout SeededGenerator) -> [[UInt8]] {
    var chunks: [[UInt8]] = []
    var start = 0
    while start < bytes.count {
        let length = min(Int.random(in: 1...maximumPiece, using: &generator), bytes.count - start)
        chunks.append(Array(bytes[start..<(start + length)]))
        start += length
    }
    return chunks
}

/// The MessagePack encoding of a str, built by hand (header + UTF-8).
func encodedString(_ text: String) -> [UInt8] {
    let utf8 = Array(text.utf8)
    precondition(utf8.count <= 255, "helper covers fixstr and str 8 only")
    return (utf8.count <= 31 ? [0xA0 | UInt8(utf8.count)] : [0xD9, UInt8(utf8.count)]) + utf8
}

/// The MessagePack encoding of an array of strs, built by hand.
func encodedStringArray(_ texts: [String]) -> [UInt8] {
    precondition(texts.count <= 15, "helper covers fixarray only")
    return [0x90 | UInt8(texts.count)] + texts.flatMap(encodedString)
}
