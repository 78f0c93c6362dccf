import BesterProtocol

/// `--format msgpack`: a stream of MessagePack values (as the MessagePack
/// chat protocol sends them), one line of canonical text per value.
enum MessagePackDecodeFormat: DecodeFormat {
    static let name = "msgpack"
    static let summary = "back-to-back MessagePack values, one line each; JSON-like, with "
        + "bin(\"hex\"), ext(type,\"hex\") and timestamp(seconds,nanoseconds)"

    static func decode(_ input: [UInt8], emit: (String) -> Void) throws(DecodeFailure) {
        var decoder = MessagePackStreamDecoder()
        decoder.append(input)
        do {
            while let value = try decoder.next() { emit(value.description) }
            try decoder.finish()
        } catch {
            throw DecodeFailure(error.description)
        }
    }
}
