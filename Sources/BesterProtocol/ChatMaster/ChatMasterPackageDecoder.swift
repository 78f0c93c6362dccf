/// Splits a plain (already decompressed) ChatMaster byte stream into the
/// JSON objects of its packages.
///
/// Packages are one JSON object per line; objects written back to back with
/// no separator, as older clients sent them, are split too. Whitespace
/// (including blank lines and `\r\n`) between objects is skipped. Every
/// error is confined to one line or one object: a line that does not start
/// an object, a line that ends inside one, or an object larger than
/// ``maximumPackageSize`` is skipped through the end of its line; an object
/// that closes but is not valid JSON is skipped alone. Memory stays bounded
/// by the maximum package size whatever arrives.
///
/// ```swift
/// decoder.append(chunk)
/// while let object = try decoder.nextObject() { handle(object) }
/// ```
public struct ChatMasterPackageDecoder: Sendable {
    /// Default largest package: 64 KiB.
    public static let defaultMaximumPackageSize = 64 * 1024

    /// Largest accepted object, in bytes.
    public let maximumPackageSize: Int
    private var buffer = ByteBuffer()
    /// Stream offset of `buffer.readerIndex`.
    private var consumedOffset = 0
    /// Stream offset where the last object returned started.
    public private(set) var lastObjectOffset = 0
    private var scan = ObjectScan()
    /// After an error: bytes are dropped through the next `\n`.
    private var skippingLine = false

    /// Progress through the object at the head of the buffer.
    private struct ObjectScan: Sendable {
        /// Bytes of the object looked at so far (0: no object started).
        var length = 0
        var depth = 0
        var inString = false
        var escaped = false
    }

    /// Creates a decoder.
    public init(maximumPackageSize: Int = ChatMasterPackageDecoder.defaultMaximumPackageSize) {
        self.maximumPackageSize = maximumPackageSize
    }

    /// Bytes received but not yet returned in objects.
    public var bufferedByteCount: Int { buffer.readableBytes }

    /// Stream offset of the next byte to decode.
    public var streamOffset: Int { consumedOffset }

    /// Adds received bytes.
    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        buffer.discardReadBytes()
        buffer.writeBytes(bytes)
    }

    /// Removes and returns the bytes received but not yet decoded, and starts
    /// afresh. Used when the stream switches to compression: what follows the
    /// negotiating package was compressed.
    public mutating func takeUnreadBytes() -> [UInt8] {
        let rest = Array(buffer.readableView)
        consumedOffset += rest.count
        buffer.clear()
        scan = ObjectScan()
        skippingLine = false
        return rest
    }

    /// The next complete object, or nil until more bytes arrive. After a
    /// thrown error, call again: decoding resumes past the bad bytes.
    public mutating func nextObject() throws(ChatMasterStreamError) -> JSONValue? {
        while true {
            if skippingLine && !skipThroughNewline() { return nil }
            if scan.length == 0 {
                guard let first = skipWhitespace() else { return nil }
                guard first == UInt8(ascii: "{") else {
                    skippingLine = true
                    throw ChatMasterStreamError(
                        kind: .expectedObject, offset: consumedOffset,
                        message: "expected '{' to start a package, found \(Self.describe(first))")
                }
            }
            guard let length = try scanObject() else { return nil }
            let start = consumedOffset
            let object = buffer.readSlice(length: length) ?? []
            consumedOffset += length
            lastObjectOffset = start
            do {
                return try JSONParser.parse(object)
            } catch {
                throw ChatMasterStreamError(
                    kind: .invalidJSON, offset: start + error.offset,
                    message: "expected \(error.expected), found \(error.found) (package at byte \(start))")
            }
        }
    }

    /// Call when the stream has ended: throws if it stopped inside an object.
    public func finish() throws(ChatMasterStreamError) {
        guard scan.length > 0 else { return }
        throw ChatMasterStreamError(kind: .truncated, offset: consumedOffset,
                                    message: "stream ended inside a package")
    }

    /// Continues scanning the object at the head of the buffer; its length
    /// once it closes, nil while it is open.
    private mutating func scanObject() throws(ChatMasterStreamError) -> Int? {
        let limit = maximumPackageSize
        var scan = self.scan
        let outcome: ScanOutcome = buffer.withUnsafeReadableBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            while scan.length < bytes.count {
                let byte = bytes[scan.length]
                scan.length += 1
                if byte == UInt8(ascii: "\n") { return .lineEnded(scan.length) }
                if scan.inString {
                    if scan.escaped {
                        scan.escaped = false
                    } else if byte == UInt8(ascii: "\\") {
                        scan.escaped = true
                    } else if byte == UInt8(ascii: "\"") {
                        scan.inString = false
                    }
                } else {
                    switch byte {
                    case UInt8(ascii: "\""): scan.inString = true
                    case UInt8(ascii: "{"), UInt8(ascii: "["): scan.depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        scan.depth -= 1
                        if scan.depth == 0 { return .closed(scan.length) }
                    default: break
                    }
                }
                if scan.length >= limit { return .tooLarge(scan.length) }
            }
            return .open
        }
        self.scan = outcome.isOpen ? scan : ObjectScan()
        let start = consumedOffset
        switch outcome {
        case .open: return nil
        case .closed(let length): return length
        case .lineEnded(let length):
            discard(length)
            throw ChatMasterStreamError(kind: .unterminatedObject, offset: start + length - 1,
                                        message: "line ended inside a package (package at byte \(start))")
        case .tooLarge(let length):
            discard(length)
            skippingLine = true
            throw ChatMasterStreamError(kind: .packageTooLarge, offset: start,
                                        message: "package exceeds the maximum of \(limit) bytes")
        }
    }

    private enum ScanOutcome {
        case open
        case closed(Int)
        case lineEnded(Int)
        case tooLarge(Int)

        var isOpen: Bool {
            if case .open = self { return true }
            return false
        }
    }

    /// Drops whitespace; the first other byte, left in place, or nil.
    private mutating func skipWhitespace() -> UInt8? {
        while let byte = buffer.peekByte() {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D: discard(1)
            default: return byte
            }
        }
        buffer.discardReadBytes()
        return nil
    }

    /// Drops bytes through the next `\n`; false when none has arrived yet.
    private mutating func skipThroughNewline() -> Bool {
        let view = buffer.readableView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            discard(view.count)
            buffer.discardReadBytes()
            return false
        }
        discard(newline - view.startIndex + 1)
        skippingLine = false
        return true
    }

    private mutating func discard(_ count: Int) {
        buffer.moveReaderIndex(forwardBy: count)
        consumedOffset += count
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }
}
