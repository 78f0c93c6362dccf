/// Writes ``JSONValue``s as JSON text.
///
/// The compact form is this project's canonical JSON: no whitespace, object
/// keys in their stored order, strings escaped minimally (`"` `\` and control
/// characters; `\n`-style escapes where JSON has them, `\u00XX` otherwise;
/// everything else as raw UTF-8), integers in decimal, doubles in Swift's
/// shortest round-trip form. Non-finite doubles, which JSON cannot express,
/// are written as `null`.
public enum JSONSerializer {
    /// Appends the compact JSON text of `value` to `buffer`.
    public static func serialize(_ value: JSONValue, into buffer: inout ByteBuffer) {
        serialize(value, into: &buffer.storage)
    }

    /// Appends the compact JSON text of `value` to `bytes`.
    public static func serialize(_ value: JSONValue, into bytes: inout [UInt8]) {
        var output = JSONOutput(capacity: 256)
        write(value, into: &output, indent: nil, level: 0)
        output.withBytes { bytes.append(contentsOf: $0) }
    }

    /// The compact JSON text of `value`, as UTF-8 bytes.
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var output = JSONOutput(capacity: 256)
        write(value, into: &output, indent: nil, level: 0)
        return output.withBytes { Array($0) }
    }

    /// The compact JSON text of `value`.
    public static func string(_ value: JSONValue) -> String {
        var output = JSONOutput(capacity: 256)
        write(value, into: &output, indent: nil, level: 0)
        return output.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The JSON text of `value` indented for people (`indent` spaces a level).
    public static func prettyString(_ value: JSONValue, indent: Int = 2) -> String {
        var output = JSONOutput(capacity: 256)
        write(value, into: &output, indent: indent, level: 0)
        return output.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// One frame (`[u32 little-endian length][body]`) holding the compact
    /// text of `value`, built in one buffer with the length patched in.
    static func frame(_ value: JSONValue) -> [UInt8] {
        var output = JSONOutput(capacity: 256)
        writeFrame(value, into: &output)
        return output.withBytes { Array($0) }
    }

    /// Appends one frame holding the compact text of `value` to `out`.
    static func writeFrame(_ value: JSONValue, into out: inout JSONOutput) {
        out.appendFrame { write(value, into: &$0, indent: nil, level: 0) }
    }

    static func write(_ value: JSONValue, into out: inout JSONOutput, indent: Int?, level: Int) {
        switch value {
        case .null: out.append("null")
        case .bool(let flag): out.append(flag ? "true" : "false")
        case .integer(let number):
            if number < 0 { out.append(UInt8(ascii: "-")) }
            writeDecimal(number.magnitude, into: &out)
        case .unsignedInteger(let number): writeDecimal(number, into: &out)
        case .double(let number):
            if number.isFinite {
                var text = number.description
                text.withUTF8 { out.append($0) }
            } else {
                out.append("null")
            }
        case .string(let text): writeString(text, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            elements.withUnsafeBufferPointer { elements in
                for position in elements.indices {
                    if position > 0 { out.append(UInt8(ascii: ",")) }
                    newline(indent, level + 1, &out)
                    write(elements[position], into: &out, indent: indent, level: level + 1)
                }
            }
            if !elements.isEmpty { newline(indent, level, &out) }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            object.members.withUnsafeBufferPointer { members in
                for position in members.indices {
                    if position > 0 { out.append(UInt8(ascii: ",")) }
                    newline(indent, level + 1, &out)
                    writeString(members[position].key, into: &out)
                    out.append(UInt8(ascii: ":"))
                    if indent != nil { out.append(UInt8(ascii: " ")) }
                    write(members[position].value, into: &out, indent: indent, level: level + 1)
                }
            }
            if !object.isEmpty { newline(indent, level, &out) }
            out.append(UInt8(ascii: "}"))
        }
    }

    @inline(__always)
    private static func newline(_ indent: Int?, _ level: Int, _ out: inout JSONOutput) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        out.reserve(indent * level)
        for _ in 0..<(indent * level) { out.appendReserved(UInt8(ascii: " ")) }
    }

    /// Writes the decimal digits of `number`, computed from the right
    /// straight into the output.
    private static func writeDecimal(_ number: UInt64, into out: inout JSONOutput) {
        var digitCount = 1
        var scale: UInt64 = 10
        while digitCount < 20 && number >= scale {
            digitCount += 1
            scale = scale &* 10
        }
        out.reserve(digitCount)
        let digits = out.writePointer
        var rest = number
        for position in stride(from: digitCount - 1, through: 0, by: -1) {
            digits[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
        out.advance(by: digitCount)
    }

    /// Writes a quoted, escaped string, copying unescaped runs in bulk.
    static func writeString(_ text: String, into out: inout JSONOutput) {
        if let written: Void = text.utf8.withContiguousStorageIfAvailable({ writeString(utf8: $0, into: &out) }) {
            return written
        }
        var contiguous = text
        contiguous.withUTF8 { writeString(utf8: $0, into: &out) }
    }

    private static func writeString(utf8: UnsafeBufferPointer<UInt8>, into out: inout JSONOutput) {
        out.reserve(utf8.count + 2)
        out.appendReserved(UInt8(ascii: "\""))
        var runStart = 0
        var index = 0
        while index < utf8.count {
            // Skip eight plain bytes at a time, straight to the first byte to escape.
            if let base = utf8.baseAddress {
                while index + 8 <= utf8.count {
                    let delimiters = SWAR.stringDelimiters(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                    if delimiters != 0 {
                        index += SWAR.firstFlaggedByte(delimiters)
                        break
                    }
                    index += 8
                }
            }
            guard index < utf8.count else { break }
            let byte = utf8[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscape(for: byte, to: &out)
                runStart = index + 1
            }
            index += 1
        }
        out.append(UnsafeBufferPointer(rebasing: utf8[runStart...]))
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(for byte: UInt8, to out: inout JSONOutput) {
        out.reserve(6)
        out.appendReserved(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.appendReserved(byte)
        case 0x08: out.appendReserved(UInt8(ascii: "b"))
        case 0x0C: out.appendReserved(UInt8(ascii: "f"))
        case 0x0A: out.appendReserved(UInt8(ascii: "n"))
        case 0x0D: out.appendReserved(UInt8(ascii: "r"))
        case 0x09: out.appendReserved(UInt8(ascii: "t"))
        default:
            out.appendReserved(UInt8(ascii: "u"))
            out.appendReserved(UInt8(ascii: "0"))
            out.appendReserved(UInt8(ascii: "0"))
            out.appendReserved(hexDigit(byte >> 4))
            out.appendReserved(hexDigit(byte & 0xF))
        }
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
