import BesterProtocol

/// One way `bester-cli decode` can read a captured stream. A format turns
/// the whole input into output lines, or stops at the first invalid byte.
protocol DecodeFormat: Sendable {
    /// The value of `--format` that selects this format.
    static var name: String { get }
    /// One line for `--help`.
    static var summary: String { get }
    /// Decodes `input`, calling `emit` with each output line.
    static func decode(_ input: [UInt8], emit: (String) -> Void) throws(DecodeFailure)
}

/// Why the input could not be decoded: a one-line message that begins with
/// the byte offset (`byte 12: expected ...`).
struct DecodeFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
    init(_ error: JSONParseError) { self.description = error.description }
    init(_ error: FrameError) { self.description = error.description }

    /// A JSON error inside a larger stream: re-base its offset onto the stream.
    init(_ error: JSONParseError, streamOffset: Int) {
        self.description = "byte \(streamOffset + error.offset): expected \(error.expected), found \(error.found)"
    }
}

/// Every format `decode` knows, in the order `--help` lists them.
let decodeFormats: [any DecodeFormat.Type] = [
    FrameDecodeFormat.self,
    JSONDecodeFormat.self,
    MessagePackDecodeFormat.self,
    ChatMasterDecodeFormat.self,
]
