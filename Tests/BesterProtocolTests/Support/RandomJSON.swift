import BesterProtocol

/// Random JSON values for round-trip properties: every kind, nested, with
/// strings that need escaping, non-ASCII text, astral characters, and numbers
/// at the edges of their ranges.
enum RandomJSON {
    static func value(depth: Int = 0, using generator: inout SeededGenerator) -> JSONValue {
        let leafOnly = depth >= 5
        switch Int.random(in: 0..<(leafOnly ? 6 : 8), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .integer(integer(using: &generator))
        case 3: return .double(double(using: &generator))
        case 4: return .string(string(using: &generator))
        case 5: return .unsignedInteger(UInt64.random(in: (UInt64(Int64.max) + 1)...UInt64.max, using: &generator))
        case 6:
            let count = Int.random(in: 0..<6, using: &generator)
            return .array((0..<count).map { _ in value(depth: depth + 1, using: &generator) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0..<(depth == 0 ? 24 : 6), using: &generator) {
                object[string(using: &generator)] = value(depth: depth + 1, using: &generator)
            }
            return .object(object)
        }
    }

    static func integer(using generator: inout SeededGenerator) -> Int64 {
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return [Int64.min, Int64.max, 0, -1, 1][Int.random(in: 0..<5, using: &generator)]
        case 1: return Int64.random(in: -1000...1000, using: &generator)
        default: return Int64.random(in: Int64.min...Int64.max, using: &generator)
        }
    }

    static func double(using generator: inout SeededGenerator) -> Double {
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return [0.5, -0.0, 1e-300, .leastNonzeroMagnitude, 1.7976931348623157e308, 0.1, 1e21, 123456.789][Int.random(in: 0..<8, using: &generator)]
        case 1: return Double.random(in: -1e6...1e6, using: &generator)
        case 2:
            // Any finite bit pattern.
            while true {
                let candidate = Double(bitPattern: generator.next())
                if candidate.isFinite { return candidate }
            }
        default: return Double(Int.random(in: -100...100, using: &generator)) / 8
        }
    }

    private static let alphabet: [Unicode.Scalar] = [
        "a", "b", "z", "A", "0", " ", "\"", "\\", "/", "\n", "\t", "\r", "\u{08}", "\u{0C}", "\u{00}", "\u{1F}",
        "\u{7F}", "é", "ß", "€", "日", "本", "\u{FFFD}", "\u{FEFF}", "😀", "𝄞", "\u{10FFFF}", "\u{2028}",
    ]

    static func string(using generator: inout SeededGenerator) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0..<24, using: &generator) {
            scalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
        }
        return String(scalars)
    }
}
