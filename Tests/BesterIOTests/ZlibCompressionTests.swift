import Testing
import BesterIO

/// The zlib stream wrappers: one stream per direction, a flush per message,
/// bounded output.
@Suite struct ZlibCompressionTests {
    static let lines: [[UInt8]] = [
        Array(#"{"type":"message","data":{"message":"hi"}}"# .utf8) + [0x0A],
        Array(#"{"type":"command","data":{"command":"leave"}}"# .utf8) + [0x0A],
        Array(String(repeating: "a long and repetitive chat line ", count: 100).utf8),
        [],
        (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) },  // larger than the scratch buffer, poorly compressible
    ]

    @Test func eachMessageDecompressesFromItsOwnBytes() throws {
        let compressor = try ZlibCompressor()
        let decompressor = try ZlibDecompressor()
        for line in Self.lines {
            let compressed = try compressor.compress(line)
            // A sync flush ends every message with an empty stored block;
            // an empty message right after a flush has nothing to add.
            #expect(line.isEmpty ? compressed.isEmpty : compressed.suffix(4) == [0x00, 0x00, 0xFF, 0xFF])
            #expect(try decompressor.decompress(compressed) == line)
        }
    }

    @Test func streamStartsWithAZlibHeaderNeverALineEnd() throws {
        let first = try ZlibCompressor().compress(Array("{}\n".utf8))
        #expect(first.first == 0x78)
    }

    @Test func laterMessagesUseTheSharedHistory() throws {
        let compressor = try ZlibCompressor()
        let line = Array(#"{"type":"message","data":{"message":"the same line again"}}"#.utf8)
        let first = try compressor.compress(line)
        let second = try compressor.compress(line)
        #expect(second.count < first.count)
    }

    @Test(arguments: 0..<20)
    func randomChunkingOfTheCompressedStream(seed: UInt64) throws {
        let compressor = try ZlibCompressor()
        let compressed = try Self.lines.flatMap { try compressor.compress($0) }
        let decompressor = try ZlibDecompressor()
        var generator = SplitMix(seed: seed)
        var plain: [UInt8] = []
        var start = 0
        while start < compressed.count {
            let length = min(Int.random(in: 1...(seed % 2 == 0 ? 9 : 2000), using: &generator), compressed.count - start)
            plain += try decompressor.decompress(Array(compressed[start..<(start + length)]))
            start += length
        }
        #expect(plain == Self.lines.flatMap { $0 })
        #expect(!decompressor.isFinished)
    }

    /// Bytes produced by Python's zlib (`compressobj()`, `flush(Z_SYNC_FLUSH)`
    /// after each line), as a client written in Python would send them.
    @Test func readsWhatOtherZlibImplementationsWrite() throws {
        let decompressor = try ZlibDecompressor()
        let first = hexBytes("789caa562aa92c4855b252ca4d2d2e4e4c4f55d2514a492c4954b2aa868b582965642ad5d67201000000ffff")
        let second = hexBytes("aa86294dcecfcd4dcc4b41520a13b152ca494d2c4b05a906000000ffff")
        #expect(try decompressor.decompress(first) == Self.lines[0])
        #expect(try decompressor.decompress(second) == Self.lines[1])
    }

    @Test func zipBombStopsAtTheMaximum() throws {
        let compressor = try ZlibCompressor(level: 9)
        let bomb = try compressor.compress([UInt8](repeating: 0, count: 8 * 1024 * 1024))
        #expect(bomb.count < 20_000)
        let decompressor = try ZlibDecompressor(maximumOutputSize: 1024 * 1024)
        let error = try #require(throws: ZlibError.self) { try decompressor.decompress(bomb) }
        #expect(error.kind == .outputLimitExceeded)
        #expect(error.description == "decompressed data exceeds the maximum of 1048576 bytes")
        // The stream is unusable afterwards.
        #expect(throws: error) { try decompressor.decompress([0]) }
    }

    @Test func outputUpToTheMaximumIsAccepted() throws {
        let compressor = try ZlibCompressor()
        let data = [UInt8](repeating: 7, count: 50_000)
        let decompressor = try ZlibDecompressor(maximumOutputSize: 50_000)
        #expect(try decompressor.decompress(compressor.compress(data)) == data)
    }

    @Test func invalidDataIsAnError() throws {
        let decompressor = try ZlibDecompressor()
        let error = try #require(throws: ZlibError.self) { try decompressor.decompress(Array("{\"plain\":true}\n".utf8)) }
        #expect(error.kind == .invalidData)
        #expect(error.description.hasPrefix("inflate: "))
    }

    @Test func corruptionMidStreamIsAnError() throws {
        let compressor = try ZlibCompressor()
        let decompressor = try ZlibDecompressor()
        #expect(try decompressor.decompress(compressor.compress(Self.lines[0])) == Self.lines[0])
        let next = try compressor.compress(Self.lines[2])
        #expect(throws: ZlibError.self) { try decompressor.decompress([0xFF] + next) }
    }

    @Test func dataAfterTheEndOfAFinishedStream() throws {
        // zlib.compress(b"hello"): a complete stream with its trailer.
        let finished = hexBytes("789ccb48cdc9c90700062c0215")
        let decompressor = try ZlibDecompressor()
        #expect(try decompressor.decompress(finished) == Array("hello".utf8))
        #expect(decompressor.isFinished)
        let error = try #require(throws: ZlibError.self) { try decompressor.decompress([0x78]) }
        #expect(error.kind == .dataAfterEnd)

        let withJunk = try ZlibDecompressor()
        let junkError = try #require(throws: ZlibError.self) { try withJunk.decompress(finished + [1, 2]) }
        #expect(junkError.kind == .dataAfterEnd)
        #expect(junkError.description == "2 bytes after the end of the compressed stream")
    }

    @Test func emptyInputYieldsNothing() throws {
        #expect(try ZlibDecompressor().decompress([]) == [])
    }

    @Test func everyCompressionLevelRoundTrips() throws {
        for level in [0, 1, 9] {
            let compressor = try ZlibCompressor(level: level)
            let decompressor = try ZlibDecompressor()
            #expect(try decompressor.decompress(compressor.compress(Self.lines[2])) == Self.lines[2])
        }
    }

    @Test func invalidLevelIsRefused() {
        #expect(throws: ZlibError.self) { try ZlibCompressor(level: 42) }
    }
}

/// A small deterministic generator (SplitMix64) for reproducible chunkings.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Bytes from lower-case hexadecimal.
func hexBytes(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8).map { $0 <= UInt8(ascii: "9") ? $0 - UInt8(ascii: "0") : $0 - UInt8(ascii: "a") + 10 }
    return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
}
