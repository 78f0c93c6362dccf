/// Strict UTF-8 checks shared by the JSON and MessagePack decoders.
public enum UTF8Validation {
    /// Offset of the first byte that does not start a well-formed UTF-8
    /// sequence (Unicode 15, table 3-7: no overlong forms, no surrogates,
    /// nothing above U+10FFFF), or nil when all of `bytes` is valid.
    public static func firstInvalidByte(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            var continuationCount: Int
            var secondLow: UInt8 = 0x80
            var secondHigh: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: continuationCount = 1
            case 0xE0: continuationCount = 2; secondLow = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: continuationCount = 2
            case 0xED: continuationCount = 2; secondHigh = 0x9F
            case 0xF0: continuationCount = 3; secondLow = 0x90
            case 0xF1...0xF3: continuationCount = 3
            case 0xF4: continuationCount = 3; secondHigh = 0x8F
            default: return index
            }
            guard index + continuationCount < count else { return index }
            let second = bytes[index + 1]
            guard second >= secondLow && second <= secondHigh else { return index }
            var offset = 2
            while offset <= continuationCount {
                guard bytes[index + offset] & 0xC0 == 0x80 else { return index }
                offset += 1
            }
            index += continuationCount + 1
        }
        return nil
    }

    /// True when every byte of `bytes` is part of well-formed UTF-8.
    public static func isValid<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        if let result = bytes.withContiguousStorageIfAvailable({ firstInvalidByte(in: $0) == nil }) {
            return result
        }
        return Array(bytes).withUnsafeBufferPointer { firstInvalidByte(in: $0) == nil }
    }

    /// Appends the UTF-8 encoding of a Unicode scalar value. The caller
    /// guarantees `scalar` is a scalar value (not a surrogate, at most U+10FFFF).
    public static func append(scalar: UInt32, to bytes: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            bytes.append(UInt8(scalar))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | scalar >> 6))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | scalar >> 12))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | scalar >> 18 & 0x07))
            bytes.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
