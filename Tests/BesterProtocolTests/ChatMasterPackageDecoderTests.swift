import Testing
import BesterProtocol

/// Splitting a ChatMaster stream into package objects: lines, back-to-back
/// objects, random chunking, and confined errors.
@Suite struct ChatMasterPackageDecoderTests {
    static let packages: [ChatMasterPackage] = [
        .command(.login(username: "PythonMaster2K16", password: nil)),
        .message(ChatMasterMessage(text: #"braces } { ] [ and "quotes" and \ backslash"#)),
        .message(ChatMasterMessage(text: "ends with a backslash \\")),
        .command(.join(channel: "Grüße 🎉")),
        .message(ChatMasterMessage(text: String(repeating: "long line ", count: 200))),
        .command(.leave),
    ]

    /// Every package, with a mix of separators: newline, CRLF, none, blank lines.
    static var mixedStream: [UInt8] {
        let separators = ["\n", "", "\r\n", "\n\n", " ", "\n"]
        return zip(packages, separators).flatMap { package, separator in
            Array(package.encodedLine().dropLast()) + Array(separator.utf8)
        }
    }

    func decodeAll(_ chunks: [[UInt8]], maximumPackageSize: Int = ChatMasterPackageDecoder.defaultMaximumPackageSize)
        throws -> [ChatMasterPackage]
    {
        var decoder = ChatMasterPackageDecoder(maximumPackageSize: maximumPackageSize)
        var packages: [ChatMasterPackage] = []
        for chunk in chunks {
            decoder.append(chunk)
            while let object = try decoder.nextObject() { packages.append(try ChatMasterPackage(object)) }
        }
        try decoder.finish()
        return packages
    }

    @Test func oneObjectPerLine() throws {
        let stream = Self.packages.flatMap { $0.encodedLine() }
        #expect(try decodeAll([stream]) == Self.packages)
    }

    @Test func backToBackObjectsWithoutSeparators() throws {
        let stream = Self.packages.flatMap { $0.encodedLine().dropLast() }
        #expect(try decodeAll([stream]) == Self.packages)
    }

    @Test(arguments: 0..<50)
    func randomChunkingYieldsTheSamePackages(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let chunks = randomChunks(Self.mixedStream, maximumPiece: seed % 2 == 0 ? 5 : 300, using: &generator)
        #expect(try decodeAll(chunks) == Self.packages)
    }

    @Test func oneByteAtATime() throws {
        #expect(try decodeAll(Self.mixedStream.map { [$0] }) == Self.packages)
    }

    @Test func neverConsumesPastAnObject() throws {
        var decoder = ChatMasterPackageDecoder()
        decoder.append(Array(#"{"a":1}{"b":"#.utf8))
        #expect(try decoder.nextObject() == ["a": 1])
        #expect(decoder.bufferedByteCount == 5)
        #expect(decoder.lastObjectOffset == 0)
        #expect(try decoder.nextObject() == nil)
        decoder.append(Array("2}\n".utf8))
        #expect(try decoder.nextObject() == ["b": 2])
        #expect(decoder.lastObjectOffset == 7)
        #expect(try decoder.nextObject() == nil)
        #expect(decoder.streamOffset == 15)
    }

    @Test func garbageLineIsSkippedThroughItsEnd() throws {
        var decoder = ChatMasterPackageDecoder()
        decoder.append(Array("{\"a\":1}\nhello there {\"x\":1}\n{\"b\":2}\n".utf8))
        #expect(try decoder.nextObject() == ["a": 1])
        let error = try #require(throws: ChatMasterStreamError.self) { try decoder.nextObject() }
        #expect(error.kind == .expectedObject)
        #expect(error.isRecoverable)
        #expect(error.description == "byte 8: expected '{' to start a package, found 'h'")
        #expect(try decoder.nextObject() == ["b": 2])
    }

    @Test func lineEndingInsideAnObjectIsSkipped() throws {
        var decoder = ChatMasterPackageDecoder()
        decoder.append(Array("{\"a\":\n{\"b\":2}\n".utf8))
        let error = try #require(throws: ChatMasterStreamError.self) { try decoder.nextObject() }
        #expect(error.kind == .unterminatedObject)
        #expect(error.description == "byte 5: line ended inside a package (package at byte 0)")
        #expect(try decoder.nextObject() == ["b": 2])
    }

    @Test func rawNewlineInsideAStringEndsTheLine() throws {
        var decoder = ChatMasterPackageDecoder()
        decoder.append(Array("{\"a\":\"x\ny\"}\n{\"b\":2}\n".utf8))
        #expect(throws: ChatMasterStreamError.self) { try decoder.nextObject() }
        // The rest of the broken line is not an object either.
        #expect(throws: ChatMasterStreamError.self) { try decoder.nextObject() }
        #expect(try decoder.nextObject() == ["b": 2])
    }

    @Test func invalidJSONInsideABalancedObjectIsSkippedAlone() throws {
        var decoder = ChatMasterPackageDecoder()
        decoder.append(Array(#"{"a":1}{"b":}{"c":3}"#.utf8))
        #expect(try decoder.nextObject() == ["a": 1])
        let error = try #require(throws: ChatMasterStreamError.self) { try decoder.nextObject() }
        #expect(error.kind == .invalidJSON)
        #expect(error.isRecoverable)
        #expect(error.description == "byte 12: expected a value, found '}' (package at byte 7)")
        #expect(try decoder.nextObject() == ["c": 3])
    }

    @Test func tooLargePackageIsSkippedWithBoundedMemory() throws {
        var decoder = ChatMasterPackageDecoder(maximumPackageSize: 100)
        decoder.append(Array(#"{"message":""#.utf8))
        var thrown: ChatMasterStreamError?
        for _ in 0..<1000 {
            decoder.append(Array(repeating: UInt8(ascii: "x"), count: 1000))
            do {
                _ = try decoder.nextObject()
            } catch {
                thrown = error
            }
            #expect(decoder.bufferedByteCount <= 1100)
        }
        #expect(thrown?.kind == .packageTooLarge)
        #expect(thrown?.description == "byte 0: package exceeds the maximum of 100 bytes")
        decoder.append(Array("\"}\n{\"ok\":true}\n".utf8))
        #expect(try decoder.nextObject() == ["ok": true])
    }

    @Test func packageExactlyAtTheLimitIsAccepted() throws {
        let object = Array(#"{"k":"12345"}"#.utf8)  // 13 bytes
        var decoder = ChatMasterPackageDecoder(maximumPackageSize: 13)
        decoder.append(object)
        #expect(try decoder.nextObject() == ["k": "12345"])
        var smaller = ChatMasterPackageDecoder(maximumPackageSize: 12)
        smaller.append(object)
        #expect(throws: ChatMasterStreamError.self) { try smaller.nextObject() }
    }

    @Test func topLevelNonObjectsAreRefused() throws {
        var decoder = ChatMasterPackageDecoder()
        decoder.append(Array("[1,2]\n\"text\"\n{\"ok\":1}".utf8))
        #expect(throws: ChatMasterStreamError.self) { try decoder.nextObject() }
        #expect(throws: ChatMasterStreamError.self) { try decoder.nextObject() }
        #expect(try decoder.nextObject() == ["ok": 1])
    }

    @Test func endingInsideAnObjectIsTruncation() throws {
        var decoder = ChatMasterPackageDecoder()
        decoder.append(Array("{\"a\":1}\n  {\"b\"".utf8))
        #expect(try decoder.nextObject() == ["a": 1])
        #expect(try decoder.nextObject() == nil)
        let error = try #require(throws: ChatMasterStreamError.self) { try decoder.finish() }
        #expect(error.kind == .truncated)
        #expect(error.offset == 10)
        #expect(!error.isRecoverable)
    }

    @Test func trailingWhitespaceIsNotTruncation() throws {
        var decoder = ChatMasterPackageDecoder()
        decoder.append(Array("{\"a\":1}\r\n\n  ".utf8))
        #expect(try decoder.nextObject() == ["a": 1])
        #expect(try decoder.nextObject() == nil)
        try decoder.finish()
    }

    /// Random and mutated streams never crash, never hold more than a
    /// package and a chunk, and every error lets decoding go on.
    @Test func randomInputNeverCrashes() throws {
        var generator = SeededGenerator(seed: 0xC4A7)
        let valid = Self.mixedStream
        for round in 0..<300 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                let alphabet = Array(#"{}[]":,\ nab01\#n"#.utf8) + [0xFF, 0xC3]
                bytes = (0..<Int.random(in: 0...400, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            } else {
                bytes = valid
                for _ in 0..<Int.random(in: 1...6, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            }
            var decoder = ChatMasterPackageDecoder(maximumPackageSize: 1000)
            for chunk in randomChunks(bytes, maximumPiece: 64, using: &generator) {
                decoder.append(chunk)
                while true {
                    do {
                        guard let object = try decoder.nextObject() else { break }
                        _ = try? ChatMasterPackage(object)
                    } catch {
                        #expect(error.isRecoverable)
                    }
                }
                #expect(decoder.bufferedByteCount <= 1000 + 64)
            }
        }
    }
}
