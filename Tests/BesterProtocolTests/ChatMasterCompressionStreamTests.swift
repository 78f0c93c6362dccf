import Testing
import BesterProtocol

/// The codec side of ChatMaster compression, with a fake compressor: the
/// switch happens at the exact byte, whatever the chunking.
@Suite struct ChatMasterCompressionStreamTests {
    /// A stand-in for zlib with the properties that matter here: it is one
    /// stream with state (a running key, so bytes decoded from the wrong
    /// point come out as garbage), and it starts with a header byte 0x78 as
    /// zlib does.
    struct FakeCompressor: ChatMasterCompressor {
        var started = false
        var key: UInt8 = 0x5A

        mutating func compress(_ bytes: [UInt8]) throws -> [UInt8] {
            var output: [UInt8] = started ? [] : [0x78]
            started = true
            for byte in bytes {
                output.append(byte ^ key)
                key = key &* 31 &+ 7
            }
            return output
        }
    }

    struct FakeDecompressor: ChatMasterDecompressor {
        struct BadHeader: Error, CustomStringConvertible {
            var description: String { "bad header" }
        }

        var started = false
        var key: UInt8 = 0x5A

        mutating func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
            var input = bytes[...]
            if !started {
                guard input.first == 0x78 else { throw BadHeader() }
                input = input.dropFirst()
                started = true
            }
            var output: [UInt8] = []
            for byte in input {
                output.append(byte ^ key)
                key = key &* 31 &+ 7
            }
            return output
        }
    }

    static let afterSwitch: [ChatMasterPackage] = [
        .command(.join(channel: "rust")),
        .message(ChatMasterMessage(text: String(repeating: "compressed ", count: 50))),
        .command(.leave),
    ]

    /// What a client sends: a plain login and compression command, then
    /// compressed packages. `lineEnd` follows the compression command.
    static func clientStream(lineEnd: String) throws -> [UInt8] {
        var outbound = ChatMasterOutboundStream()
        var bytes = try outbound.bytes(for: .command(.login(username: "ann", password: nil)))
        bytes += Array(try outbound.bytes(for: .command(.compression(algorithm: "zlib"))).dropLast()) + Array(lineEnd.utf8)
        outbound.beginCompression(with: FakeCompressor())
        #expect(outbound.isCompressing)
        for package in afterSwitch { bytes += try outbound.bytes(for: package) }
        return bytes
    }

    /// What a server makes of `chunks`: it switches when it reads the command.
    func serverReads(_ chunks: [[UInt8]]) throws -> [ChatMasterPackage] {
        var inbound = ChatMasterInboundStream()
        var packages: [ChatMasterPackage] = []
        for chunk in chunks {
            try inbound.append(chunk)
            while let object = try inbound.nextObject() {
                let package = try ChatMasterPackage(object)
                packages.append(package)
                if case .command(.compression) = package {
                    try inbound.beginDecompression(with: FakeDecompressor())
                }
            }
        }
        try inbound.finish()
        #expect(inbound.isDecompressing)
        return packages
    }

    static let expected: [ChatMasterPackage] =
        [.command(.login(username: "ann", password: nil)), .command(.compression(algorithm: "zlib"))] + afterSwitch

    @Test(arguments: ["\n", "\r\n", ""])
    func switchHappensAtTheExactByteWhateverTheChunking(lineEnd: String) throws {
        let stream = try Self.clientStream(lineEnd: lineEnd)
        #expect(try serverReads([stream]) == Self.expected)
        #expect(try serverReads(stream.map { [$0] }) == Self.expected)
        for seed in 0..<40 {
            var generator = SeededGenerator(seed: UInt64(seed))
            let chunks = randomChunks(stream, maximumPiece: seed % 2 == 0 ? 4 : 120, using: &generator)
            #expect(try serverReads(chunks) == Self.expected)
        }
    }

    @Test func serverAnswerSwitchesTheClientSide() throws {
        // The server answers the command in plain, then compresses.
        var outbound = ChatMasterOutboundStream()
        var bytes = try outbound.bytes(for: .notification(.compression(algorithm: "zlib")))
        outbound.beginCompression(with: FakeCompressor())
        let later: [ChatMasterPackage] = [.notification(.userJoined(username: "bob")),
                                          .message(ChatMasterMessage(text: "hi", username: "bob"))]
        for package in later { bytes += try outbound.bytes(for: package) }

        var inbound = ChatMasterInboundStream()
        var received: [ChatMasterPackage] = []
        try inbound.append(bytes)
        while let object = try inbound.nextObject() {
            let package = try ChatMasterPackage(object)
            received.append(package)
            if case .notification(.compression) = package { try inbound.beginDecompression(with: FakeDecompressor()) }
        }
        #expect(received == [.notification(.compression(algorithm: "zlib"))] + later)
        #expect(inbound.lastObjectOffset > 0)
    }

    @Test func compressedLinesAreNotPlainText() throws {
        var outbound = ChatMasterOutboundStream()
        let plain = ChatMasterPackage.command(.leave).encodedLine()
        #expect(try outbound.bytes(forLine: plain) == plain)
        outbound.beginCompression(with: FakeCompressor())
        let compressed = try outbound.bytes(forLine: plain)
        #expect(compressed.first == 0x78)
        #expect(compressed != plain)
    }

    @Test func decompressionFailureIsFinal() throws {
        var inbound = ChatMasterInboundStream()
        try inbound.append(ChatMasterPackage.command(.compression(algorithm: "zlib")).encodedLine() + Array("{\"plain\":1}\n".utf8))
        #expect(try inbound.nextObject() != nil)
        let error = try #require(throws: ChatMasterStreamError.self) {
            try inbound.beginDecompression(with: FakeDecompressor())
        }
        #expect(error.kind == .decompressionFailed)
        #expect(!error.isRecoverable)
        #expect(error.description == "byte 0: cannot decompress: bad header")
        #expect(throws: error) { try inbound.append([0x78]) }
        #expect(throws: error) { try inbound.nextObject() }
        #expect(throws: error) { try inbound.finish() }
    }

    @Test func compressionFailureIsReported() throws {
        struct BrokenCompressor: ChatMasterCompressor {
            struct Broken: Error, CustomStringConvertible { var description: String { "out of memory" } }
            func compress(_ bytes: [UInt8]) throws -> [UInt8] { throw Broken() }
        }
        var outbound = ChatMasterOutboundStream()
        _ = try outbound.bytes(forLine: Array("{}\n".utf8))
        outbound.beginCompression(with: BrokenCompressor())
        let error = try #require(throws: ChatMasterStreamError.self) { try outbound.bytes(for: .command(.leave)) }
        #expect(error.kind == .compressionFailed)
        #expect(error.description == "byte 3: cannot compress: out of memory")
    }

    @Test func compressionStartsOnlyOnce() throws {
        var outbound = ChatMasterOutboundStream()
        outbound.beginCompression(with: FakeCompressor())
        var bytes = try outbound.bytes(for: .command(.leave))
        outbound.beginCompression(with: FakeCompressor())
        bytes += try outbound.bytes(for: .command(.listChannels))

        var inbound = ChatMasterInboundStream()
        try inbound.beginDecompression(with: FakeDecompressor())
        try inbound.append(Array(bytes.prefix(10)))
        try inbound.beginDecompression(with: FakeDecompressor())
        try inbound.append(Array(bytes.dropFirst(10)))
        #expect(try inbound.nextObject().map(ChatMasterPackage.init) == .command(.leave))
        #expect(try inbound.nextObject().map(ChatMasterPackage.init) == .command(.listChannels))
    }
}
