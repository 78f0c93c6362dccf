/// The canonical text of a MessagePack value: compact JSON wherever the
/// value is JSON, and unambiguous notations where it is not.
///
/// - nil, bool, integers, str, arrays: as JSON (`null`, `true`, `-5`,
///   `"hi"`, `[1,2]`).
/// - float 64: Swift's shortest round-trip form (`1.0`, `0.1`); float 32
///   likewise at 32-bit precision; non-finite as `NaN`, `Infinity`, `-Infinity`.
/// - maps: `{key:value,...}` in order; keys are any value, so
///   `{"a":1,2:true}` is possible.
/// - bin: `bin("68690a")`, lower-case hexadecimal.
/// - extensions: `ext(5,"0102")`, the type then the data in hexadecimal.
/// - timestamps: `timestamp(1700000000,500)`, seconds since 1970 then nanoseconds.
extension MessagePackValue: CustomStringConvertible {
    public var description: String {
        var out: [UInt8] = []
        Self.write(self, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func write(_ value: MessagePackValue, into out: inout [UInt8]) {
        switch value {
        case .nil: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number): out.append(contentsOf: String(number).utf8)
        case .unsignedInteger(let number): out.append(contentsOf: String(number).utf8)
        case .float(let number): out.append(contentsOf: (number.isFinite ? number.description : nonFinite(Double(number))).utf8)
        case .double(let number): out.append(contentsOf: (number.isFinite ? number.description : nonFinite(number)).utf8)
        case .string(let text): JSONSerializer.serialize(.string(text), into: &out)
        case .binary(let data):
            out.append(contentsOf: "bin(".utf8)
            writeHex(data, into: &out)
            out.append(UInt8(ascii: ")"))
        case .extension(let type, let data):
            out.append(contentsOf: "ext(\(type),".utf8)
            writeHex(data, into: &out)
            out.append(UInt8(ascii: ")"))
        case .timestamp(let timestamp):
            out.append(contentsOf: "timestamp(\(timestamp.seconds),\(timestamp.nanoseconds))".utf8)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .map(let entries):
            out.append(UInt8(ascii: "{"))
            for (index, entry) in entries.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(entry.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(entry.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func nonFinite(_ number: Double) -> String {
        number.isNaN ? "NaN" : number < 0 ? "-Infinity" : "Infinity"
    }

    private static func writeHex(_ data: [UInt8], into out: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in data {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        out.append(UInt8(ascii: "\""))
    }
}
