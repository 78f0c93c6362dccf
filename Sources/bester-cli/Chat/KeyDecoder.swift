/// Turns the bytes read from a terminal in raw mode into ``Key``s.
///
/// Bytes may arrive split anywhere (a UTF-8 character or an escape sequence
/// across two reads): what cannot be decoded yet is kept for the next call.
struct KeyDecoder {
    private var pending: [UInt8] = []
    /// A `\n` right after a `\r` is the same line end (pasted CRLF text).
    private var lastWasCarriageReturn = false

    /// Decodes `bytes`, appended to what was left over, into keys.
    mutating func decode(_ bytes: some Sequence<UInt8>) -> [Key] {
        pending.append(contentsOf: bytes)
        var keys: [Key] = []
        var index = 0
        while index < pending.count {
            guard let (key, length) = Self.key(in: pending, at: index) else { break }
            index += length
            let isLineFeedAfterReturn = lastWasCarriageReturn && pending[index - length] == 0x0A
            lastWasCarriageReturn = pending[index - length] == 0x0D
            if let key, !isLineFeedAfterReturn { keys.append(key) }
        }
        pending.removeFirst(index)
        return keys
    }

    /// The key starting at `index` and how many bytes it takes; nil when the
    /// bytes end before it is complete. A nil key skips bytes that mean nothing.
    private static func key(in bytes: [UInt8], at index: Int) -> (Key?, Int)? {
        let byte = bytes[index]
        switch byte {
        case 0x1B: return escapeSequence(in: bytes, at: index)
        case 0x0D, 0x0A: return (.enter, 1)
        case 0x7F, 0x08: return (.backspace, 1)
        case 0x09: return (.tab, 1)
        case 0x01...0x1A: return (.control(Character(Unicode.Scalar(byte - 1 + UInt8(ascii: "a")))), 1)
        case 0x00, 0x1C...0x1F: return (nil, 1)
        case 0x20...0x7E: return (.text(Unicode.Scalar(byte)), 1)
        default: return utf8Character(in: bytes, at: index)
        }
    }

    /// A UTF-8 encoded scalar; invalid bytes are skipped one at a time.
    private static func utf8Character(in bytes: [UInt8], at index: Int) -> (Key?, Int)? {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return (nil, 1)
        }
        guard index + length <= bytes.count else {
            // Incomplete only if what is there so far are continuation bytes.
            let continuations = bytes[(index + 1)...].allSatisfy { $0 & 0xC0 == 0x80 }
            return continuations ? nil : (nil, 1)
        }
        var decoder = UTF8()
        var iterator = bytes[index..<(index + length)].makeIterator()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return (nil, 1) }
        guard scalar.value >= 0xA0 else { return (nil, length) }  // C1 controls
        return (.text(scalar), length)
    }

    /// `ESC [ params final`, `ESC O final`, or a lone escape.
    private static func escapeSequence(in bytes: [UInt8], at index: Int) -> (Key?, Int)? {
        guard index + 1 < bytes.count else { return nil }
        let introducer = bytes[index + 1]
        if introducer == UInt8(ascii: "O") {
            guard index + 2 < bytes.count else { return nil }
            return (finalKey(bytes[index + 2], parameter: nil), 3)
        }
        guard introducer == UInt8(ascii: "[") else { return (.escape, 1) }
        var end = index + 2
        while end < bytes.count, (0x20...0x3F).contains(bytes[end]) { end += 1 }
        guard end < bytes.count else { return nil }
        let parameters = bytes[(index + 2)..<end]
        let firstParameter = Int(String(decoding: parameters.prefix { $0 != UInt8(ascii: ";") }, as: UTF8.self))
        return (finalKey(bytes[end], parameter: firstParameter), end - index + 1)
    }

    /// The key a sequence's final byte (and first parameter, for `~`) names.
    private static func finalKey(_ final: UInt8, parameter: Int?) -> Key {
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "~"):
            switch parameter {
            case 1, 7: return .home
            case 4, 8: return .end
            case 3: return .delete
            case 5: return .pageUp
            case 6: return .pageDown
            default: return .escape
            }
        default: return .escape
        }
    }
}
