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
        write(value, into: &buffer.storage, indent: nil, level: 0)
    }

    /// Appends the compact JSON text of `value` to `bytes`.
    public static func serialize(_ value: JSONValue, into bytes: inout [UInt8]) {
        write(value, into: &bytes, indent: nil, level: 0)
    }

    /// The compact JSON text of `value`, as UTF-8 bytes.
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out, indent: nil, level: 0)
        return out
    }

    /// The compact JSON text of `value`.
    public static func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// The JSON text of `value` indented for people (`indent` spaces a level).
    public static func prettyString(_ value: JSONValue, indent: Int = 2) -> String {
        var out: [UInt8] = []
        write(value, into: &out, indent: indent, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    private static func write(_ value: JSONValue, into out: inout [UInt8], indent: Int?, level: Int) {
        switch value {
        case .null: appendASCII("null", to: &out)
        case .bool(let flag): appendASCII(flag ? "true" : "false", to: &out)
        case .integer(let number):
            if number < 0 { out.append(UInt8(ascii: "-")) }
            writeDecimal(number.magnitude, into: &out)
        case .unsignedInteger(let number): writeDecimal(number, into: &out)
        case .double(let number):
            if number.isFinite {
                out.append(contentsOf: number.description.utf8)
            } else {
                appendASCII("null", to: &out)
            }
        case .string(let text): writeString(text, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent, level + 1, &out)
                write(element, into: &out, indent: indent, level: level + 1)
            }
            if !elements.isEmpty { newline(indent, level, &out) }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in object {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                newline(indent, level + 1, &out)
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                write(member, into: &out, indent: indent, level: level + 1)
            }
            if !object.isEmpty { newline(indent, level, &out) }
            out.append(UInt8(ascii: "}"))
        }
    }

    @inline(__always)
    private static func newline(_ indent: Int?, _ level: Int, _ out: inout [UInt8]) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    private static func appendASCII(_ text: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func writeDecimal(_ number: UInt64, into out: inout [UInt8]) {
        if number < 10 {
            out.append(UInt8(ascii: "0") + UInt8(number))
            return
        }
        let start = out.count
        var rest = number
        while rest > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        }
        out[start...].reverse()
    }

    /// Writes a quoted, escaped string, copying unescaped runs in bulk.
    static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscape(for: byte, to: &out)
                runStart = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(for byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                    hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }
}
